import { Anchor, Button, Group, Pagination, Select, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { IconChecklist, IconDownload, IconPhonePlus } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import {
  CALL_OUTCOME_VALUES,
  type Call,
  type CallListQuery,
  callKeys,
  callsExportUrl,
  isOpenLine,
  listCalls,
} from "../../api/calls.ts";
import { useUser } from "../../app/session.tsx";
import { DateField } from "../../components/DateField.tsx";
import { todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { QueryTable } from "../../components/QueryTable.tsx";
import { useUrlParams } from "../../components/urlParams.ts";
import { ResumeCallModal } from "./ResumeCallModal.tsx";
import { CallerCell, NumberCell, OpenBadge, OutcomeBadge, timeOf } from "./shared.tsx";

const PAGE_SIZE = 50;

/**
 * The call register ("registre des appels") of one day: every call and visit,
 * identified or not, newest first. Open lines can be resumed from here; a
 * click on a line opens it to complete it.
 */
export function CallRegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const formatDateTime = useFormatDateTime();
  const mayWrite = can(useUser().role, "calls.write");
  const [params, update] = useUrlParams();
  const day = params.get("day") ?? todayIn(timeZone);
  const outcome = (params.get("outcome") ?? undefined) as CallListQuery["outcome"];
  const openOnly = params.get("open") === "true";
  const page = Number(params.get("page") ?? "1") || 1;
  const [resuming, setResuming] = useState<Call | null>(null);

  const query: CallListQuery = { day, outcome, open: openOnly ? "true" : undefined, page, pageSize: PAGE_SIZE };
  const calls = useQuery({
    queryKey: callKeys.list(query),
    queryFn: ({ signal }) => listCalls(query, signal),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((calls.data?.total ?? 0) / PAGE_SIZE));
  // A click on the line opens it (cells holding their own links excepted); the time is the keyboard's link.
  const opens = (call: Call) => ({ onClick: () => navigate(`/appels/${call.id}`), style: { cursor: "pointer" } });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("calls.title")}</Title>
        <Group gap="xs">
          <Button
            component={Link}
            to={`/appels/fin-de-journee?day=${day}`}
            variant="default"
            leftSection={<IconChecklist size={16} />}
          >
            {t("calls.endOfDay.title")}
          </Button>
          <Button
            component="a"
            href={callsExportUrl(day)}
            variant="default"
            leftSection={<IconDownload size={16} />}
            download
          >
            {t("calls.export")}
          </Button>
          {mayWrite && (
            <Button component={Link} to="/appels/nouveau" leftSection={<IconPhonePlus size={16} />}>
              {t("calls.newCall")}
            </Button>
          )}
        </Group>
      </Group>

      <Group align="flex-end" gap="md">
        <DateField
          label={t("calls.day")}
          value={day}
          onChange={(value) => update({ day: value })}
          w={160}
          clearable={false}
        />
        <Select
          label={t("calls.outcomeFilter")}
          placeholder={t("calls.allOutcomes")}
          value={outcome ?? null}
          onChange={(value) => update({ outcome: value })}
          data={[
            { value: "none", label: t("calls.outcome.none") },
            ...CALL_OUTCOME_VALUES.map((value) => ({ value, label: t(`calls.outcome.${value}`) })),
          ]}
          clearable
          w={220}
        />
        <Switch
          label={t("calls.openOnly")}
          checked={openOnly}
          onChange={(event) => update({ open: event.currentTarget.checked ? "true" : null })}
          mb={8}
        />
        {calls.data && (
          <Text size="sm" c="dimmed" mb={8}>
            {t("calls.total", { count: calls.data.total })}
          </Text>
        )}
      </Group>

      <QueryTable
        state={calls}
        rows={calls.data?.items}
        minWidth={1000}
        verticalSpacing="xs"
        headers={[
          t("calls.columns.time"),
          t("calls.columns.number"),
          t("calls.columns.caller"),
          t("calls.columns.answeredBy"),
          t("calls.columns.request"),
          t("calls.columns.outcome"),
          t("calls.columns.resumed"),
          t("common.actions"),
        ]}
        empty={t("calls.empty")}
        rowKey={(call) => call.id}
        renderRow={(call) => (
          <>
            <Table.Td>
              <Anchor component={Link} to={`/appels/${call.id}`} size="sm" fw={600}>
                {timeOf(formatDateTime(call.receivedAt))}
              </Anchor>
              {call.channel === "visit" && (
                <Text size="xs" c="dimmed">
                  {t("calls.channel.visit")}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <NumberCell phone={call.phone} />
            </Table.Td>
            <Table.Td>
              <CallerCell call={call} />
            </Table.Td>
            <Table.Td {...opens(call)}>
              <Text size="sm">{call.answeredBy?.name ?? "—"}</Text>
            </Table.Td>
            <Table.Td {...opens(call)} maw={280}>
              <Text size="sm" lineClamp={2}>
                {call.request ?? ""}
              </Text>
            </Table.Td>
            <Table.Td {...opens(call)}>
              <Group gap={4}>
                <OutcomeBadge outcome={call.outcome} />
                <OpenBadge call={call} />
              </Group>
            </Table.Td>
            <Table.Td {...opens(call)}>
              {call.resumedAt && (
                <Text size="xs">
                  {t("calls.resumedAt", {
                    at: timeOf(formatDateTime(call.resumedAt)),
                    name: call.resumedBy?.name ?? "—",
                  })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                {mayWrite && isOpenLine(call) && (
                  <Button size="compact-sm" variant="light" color="orange" onClick={() => setResuming(call)}>
                    {t("calls.resume")}
                  </Button>
                )}
                <Button size="compact-sm" variant="subtle" onClick={() => navigate(`/appels/${call.id}`)}>
                  {t("calls.openLine")}
                </Button>
              </Group>
            </Table.Td>
          </>
        )}
      />
      {pages > 1 && <Pagination total={pages} value={page} onChange={(value) => update({ page: String(value) })} />}
      <ResumeCallModal call={resuming} onClose={() => setResuming(null)} />
    </Stack>
  );
}

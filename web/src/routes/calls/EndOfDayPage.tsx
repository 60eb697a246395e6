import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { type Call, callKeys, fetchEndOfDay, isOpenLine } from "../../api/calls.ts";
import { useUser } from "../../app/session.tsx";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { ResumeCallModal } from "./ResumeCallModal.tsx";
import { CallerCell, NumberCell, OutcomeBadge, timeOf } from "./shared.tsx";

/**
 * The end-of-day check (procedures 1 and 3: "toutes les lignes soient traitées
 * en fin de journée", "tous les appels entrants répertoriés dans le CRM"): the
 * lines still open, whoever took them, and the calls linked to no record.
 */
export function EndOfDayPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [params, setParams] = useSearchParams();
  const day = params.get("day") ?? todayIn(timeZone);
  const report = useQuery({ queryKey: callKeys.endOfDay(day), queryFn: () => fetchEndOfDay(day) });
  const [resuming, setResuming] = useState<Call | null>(null);

  return (
    <Stack>
      <Anchor component={Link} to={`/appels?day=${day}`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t("calls.detail.back")}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t("calls.endOfDay.titleOf", { day: formatDate(day) })}</Title>
        <DateField
          label={t("calls.day")}
          value={day}
          onChange={(value) => value && setParams({ day: value }, { replace: true })}
          w={160}
          clearable={false}
        />
      </Group>
      {report.isPending ? (
        <PageLoader />
      ) : report.error || !report.data ? (
        <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <Section
            title={t("calls.endOfDay.toResume")}
            lines={report.data.toResume}
            empty={t("calls.endOfDay.allDone")}
            onResume={setResuming}
          />
          <Section
            title={t("calls.endOfDay.unlinked")}
            lines={report.data.unlinked}
            empty={t("calls.endOfDay.allLinked")}
            onResume={setResuming}
          />
        </>
      )}
      <ResumeCallModal call={resuming} onClose={() => setResuming(null)} />
    </Stack>
  );
}

function Section({
  title,
  lines,
  empty,
  onResume,
}: {
  title: string;
  lines: Call[];
  empty: string;
  onResume: (call: Call) => void;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const mayWrite = can(useUser().role, "calls.write");
  return (
    <Card withBorder>
      <Group gap="xs" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Badge color={lines.length ? "red" : "teal"} variant="light">
          {lines.length}
        </Badge>
      </Group>
      {lines.length === 0 ? (
        <Text c="dimmed">{empty}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("calls.columns.time")}</Table.Th>
                <Table.Th>{t("calls.columns.number")}</Table.Th>
                <Table.Th>{t("calls.columns.caller")}</Table.Th>
                <Table.Th>{t("calls.columns.answeredBy")}</Table.Th>
                <Table.Th>{t("calls.columns.request")}</Table.Th>
                <Table.Th>{t("calls.columns.outcome")}</Table.Th>
                <Table.Th>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((call) => (
                <Table.Tr key={call.id}>
                  <Table.Td>{timeOf(formatDateTime(call.receivedAt))}</Table.Td>
                  <Table.Td>
                    <NumberCell phone={call.phone} />
                  </Table.Td>
                  <Table.Td>
                    <CallerCell call={call} />
                  </Table.Td>
                  <Table.Td>{call.answeredBy?.name ?? "—"}</Table.Td>
                  <Table.Td maw={260}>
                    <Text size="sm" lineClamp={2}>
                      {call.request ?? ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <OutcomeBadge outcome={call.outcome} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {mayWrite && isOpenLine(call) && (
                        <Button size="compact-sm" variant="light" color="orange" onClick={() => onResume(call)}>
                          {t("calls.resume")}
                        </Button>
                      )}
                      <Button size="compact-sm" variant="subtle" component={Link} to={`/appels/${call.id}`}>
                        {mayWrite ? t("calls.endOfDay.complete") : t("calls.openLine")}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

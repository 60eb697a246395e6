import { Alert, Anchor, Button, Group, NativeSelect, Pagination, Stack, Table, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconCheck, IconMessage, IconRefresh } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  decideSms,
  listSms,
  SMS_KIND_VALUES,
  SMS_STATUS_VALUES,
  type Sms,
  type SmsDecision,
  type SmsKind,
  type SmsQuery,
  type SmsStatus,
  smsKeys,
} from "../../api/smsOutbox.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { formatPhone } from "../../components/phone.ts";
import { QueryTable } from "../../components/QueryTable.tsx";
import { SmsKindText, SmsState, SmsText } from "./SmsStatusBadge.tsx";

const PAGE_SIZE = 50;
/** The outbox changes on its own (the sender runs every minute): the tab follows. */
const SMS_POLL_MS = 30_000;

/**
 * The « SMS » tab of the outbox: every SMS, by status and kind, newest first. Admins decide on an SMS
 * « à vérifier » (it did leave, or send it again) and send a failed one again, after a confirmation.
 */
export function SmsOutbox({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const [status, setStatus] = useState<"" | SmsStatus>("");
  const [kind, setKind] = useState<"" | SmsKind>("");
  const [page, setPage] = useState(1);
  const query: SmsQuery = { status: status || undefined, kind: kind || undefined, page, pageSize: PAGE_SIZE };
  const outbox = useQuery({
    queryKey: smsKeys.page(query),
    queryFn: ({ signal }) => listSms(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: SMS_POLL_MS,
  });

  const decide = useMutation({
    mutationFn: ({ sms, decision }: { sms: Sms; decision: SmsDecision }) => decideSms(sms.id, decision),
    onSuccess: (_sms, { decision }) =>
      notifySuccess(t(decision === "sent" ? "smsOutbox.markedSent" : "smsOutbox.resent")),
    onError: (error) => notifyError(error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: smsKeys.all }),
  });

  const confirm = (sms: Sms, decision: SmsDecision) => {
    const text =
      decision === "sent"
        ? t("smsOutbox.markSentText")
        : sms.status === "to_check"
          ? t("smsOutbox.resendToCheckText")
          : t("smsOutbox.resendFailedText");
    modals.openConfirmModal({
      title: t(decision === "sent" ? "smsOutbox.markSentTitle" : "smsOutbox.resendTitle"),
      children: (
        <Stack gap="xs">
          <Text size="sm">{text}</Text>
          <Text size="sm" c="dimmed" lineClamp={4} style={{ overflowWrap: "anywhere" }}>
            {sms.to ? `${formatPhone(sms.to)} · ` : ""}
            {sms.text}
          </Text>
        </Stack>
      ),
      labels: {
        confirm: t(decision === "sent" ? "smsOutbox.markSent" : "smsOutbox.resend"),
        cancel: t("common.cancel"),
      },
      confirmProps: { color: decision === "sent" ? "teal" : "orange" },
      onConfirm: () => decide.mutate({ sms, decision }),
    });
  };

  const data = outbox.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const countOf = (value: SmsStatus) => data?.counts[value] ?? 0;

  return (
    <Stack>
      <Text c="dimmed" maw={760}>
        {t(manager ? "smsOutbox.intro" : "smsOutbox.introStaff")}
      </Text>
      {data?.provider === "log" && (
        <Alert color="orange" icon={<IconMessage size={18} />} role="status">
          {t(manager ? "smsOutbox.simulationAdmin" : "smsOutbox.simulation")}
        </Alert>
      )}
      <Group align="flex-end">
        <NativeSelect
          label={t("smsOutbox.statusFilter")}
          value={status}
          onChange={(event) => {
            setStatus(event.currentTarget.value as typeof status);
            setPage(1);
          }}
          data={[
            { value: "", label: t("smsOutbox.allStatuses") },
            ...SMS_STATUS_VALUES.map((value) => ({
              value,
              label: countOf(value)
                ? t("smsOutbox.statusWithCount", { status: t(`smsOutbox.status.${value}`), count: countOf(value) })
                : t(`smsOutbox.status.${value}`),
            })),
          ]}
        />
        <NativeSelect
          label={t("smsOutbox.kindFilter")}
          value={kind}
          onChange={(event) => {
            setKind(event.currentTarget.value as typeof kind);
            setPage(1);
          }}
          data={[
            { value: "", label: t("smsOutbox.allKinds") },
            ...SMS_KIND_VALUES.map((value) => ({ value, label: t(`smsOutbox.kind.${value}`) })),
          ]}
        />
      </Group>
      <QueryTable
        state={outbox}
        rows={data?.items}
        minWidth={1100}
        headers={[
          t("smsOutbox.createdAt"),
          t("smsOutbox.person"),
          t("smsOutbox.to"),
          t("smsOutbox.kindHeader"),
          t("smsOutbox.text"),
          t("smsOutbox.statusHeader"),
          ...(manager ? [t("common.actions")] : []),
        ]}
        empty={t("smsOutbox.empty")}
        rowKey={(sms) => sms.id}
        renderRow={(sms) => (
          <>
            <Table.Td>
              <Text size="sm">{formatDateTime(sms.createdAt)}</Text>
              {sms.sentAt && (
                <Text size="xs" c="dimmed">
                  {t("smsOutbox.sentAt", { at: formatDateTime(sms.sentAt) })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              {sms.person ? (
                <Anchor component={Link} to={personUrl(sms.person)} size="sm">
                  {sms.person.lastName} {sms.person.firstName}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                {sms.to ? formatPhone(sms.to) : "—"}
              </Text>
            </Table.Td>
            <Table.Td>
              <SmsKindText sms={sms} />
            </Table.Td>
            <Table.Td>
              <SmsText sms={sms} />
            </Table.Td>
            <Table.Td>
              <SmsState sms={sms} />
            </Table.Td>
            {manager && (
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  {sms.status === "to_check" && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="teal"
                      leftSection={<IconCheck size={14} />}
                      loading={decide.isPending && decide.variables?.sms.id === sms.id}
                      onClick={() => confirm(sms, "sent")}
                    >
                      {t("smsOutbox.markSent")}
                    </Button>
                  )}
                  {(sms.status === "to_check" || sms.status === "failed") && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="orange"
                      leftSection={<IconRefresh size={14} />}
                      loading={decide.isPending && decide.variables?.sms.id === sms.id}
                      onClick={() => confirm(sms, "resend")}
                    >
                      {t("smsOutbox.resend")}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            )}
          </>
        )}
      />
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}
    </Stack>
  );
}

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconMail, IconMailForward, IconMessage, IconRefresh, IconSend } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import {
  fetchOutboxEmail,
  listOutbox,
  mailKeys,
  type OutboxEmail,
  type OutboxQuery,
  type OutboxStatus,
  processOutbox,
  retryOutboxEmail,
} from "../../api/mail.ts";
import { runSms, smsKeys } from "../../api/smsOutbox.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { QueryTable } from "../../components/QueryTable.tsx";
import { SmsOutbox } from "./SmsOutbox.tsx";

const PAGE_SIZE = 50;
/** The outbox changes on its own (the sender runs every 30 s): the page follows. */
export const OUTBOX_POLL_MS = 30_000;

const STATUS_COLORS: Record<OutboxStatus, string> = {
  pending: "orange",
  sending: "blue",
  sent: "teal",
  failed: "red",
};

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none">
      {t(`outbox.status.${status}`)}
    </Badge>
  );
}

/**
 * "Boîte d'envoi": every email Relais sends (with `mail.manage`; otherwise the
 * ones the user sent), what waits (and why) and what failed, with "Réessayer".
 * `?email=<id>` opens one email (the link of a person's timeline), among those
 * the user may see. Without a mail server, staff read that sending is not set up
 * yet; only admins are told about SMTP_URL. The « SMS » tab (`?canal=sms`) lists the SMS outbox.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const role = useUser().role;
  const manager = can(role, "mail.manage");
  const smsReader = can(role, "sms.read");
  const smsManager = can(role, "sms.manage");
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const [filter, setFilter] = useState<"all" | OutboxStatus>("all");
  const [page, setPage] = useState(1);
  const [params, setParams] = useSearchParams();
  const focusId = params.get("email");
  const channel = smsReader && params.get("canal") === "sms" ? "sms" : "email";
  const focused = useQuery({
    queryKey: mailKeys.outboxEmail(focusId ?? ""),
    queryFn: () => fetchOutboxEmail(focusId ?? ""),
    enabled: focusId !== null,
    refetchInterval: OUTBOX_POLL_MS,
  });
  const query: OutboxQuery = { status: filter === "all" ? undefined : filter, page, pageSize: PAGE_SIZE };
  const outbox = useQuery({
    queryKey: mailKeys.outboxPage(query),
    queryFn: ({ signal }) => listOutbox(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: OUTBOX_POLL_MS,
  });

  const retry = useMutation({
    mutationFn: (email: OutboxEmail) => retryOutboxEmail(email.id),
    onSuccess: () => notifySuccess(t("outbox.retried")),
    onError: (error) => notifyError(error),
    // The email is sent in the background: look again a moment later.
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: mailKeys.outbox });
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: mailKeys.outbox }), 3000);
    },
  });
  const process = useMutation({
    mutationFn: processOutbox,
    onSuccess: (run) => notifySuccess(t("outbox.processed", { sent: run.sent, failed: run.retrying + run.failed })),
    onError: (error) => notifyError(error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mailKeys.outbox }),
  });
  const runSmsNow = useMutation({
    mutationFn: runSms,
    onSuccess: (run) =>
      notifySuccess(
        t("smsOutbox.processed", {
          queued: run.queued,
          sent: run.sent,
          failed: run.retrying + run.failed,
          toCheck: run.toCheck,
          skipped: run.skipped,
        }),
      ),
    onError: (error) => notifyError(error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: smsKeys.all }),
  });

  const data = outbox.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("outbox.title")}</Title>
        {channel === "sms" && smsManager && (
          <Button
            variant="default"
            leftSection={<IconSend size={16} />}
            loading={runSmsNow.isPending}
            onClick={() => runSmsNow.mutate()}
          >
            {t("outbox.processNow")}
          </Button>
        )}
        {channel === "email" && manager && (
          <Button
            variant="default"
            leftSection={<IconSend size={16} />}
            loading={process.isPending}
            onClick={() => process.mutate()}
          >
            {t("outbox.processNow")}
          </Button>
        )}
      </Group>
      <Tabs
        value={channel}
        keepMounted={false}
        onChange={(value) => setParams(value === "sms" ? { canal: "sms" } : {})}
      >
        {smsReader && (
          <Tabs.List mb="md">
            <Tabs.Tab value="email" leftSection={<IconMail size={16} />}>
              {t("outbox.tabEmail")}
            </Tabs.Tab>
            <Tabs.Tab value="sms" leftSection={<IconMessage size={16} />}>
              {t("outbox.tabSms")}
            </Tabs.Tab>
          </Tabs.List>
        )}
        <Tabs.Panel value="email">
          <Stack>
            <Text c="dimmed" maw={760}>
              {t(manager ? "outbox.intro" : "outbox.introOwn")}
            </Text>
            {data && !data.smtpConfigured && (
              <Alert color="orange" icon={<IconMailForward size={18} />} role="status">
                {t(manager ? "outbox.noSmtpAdmin" : "outbox.noSmtp")}
              </Alert>
            )}
            {focusId !== null && (
              <Group gap="sm">
                <Text fw={600}>{t("outbox.oneEmail")}</Text>
                <Button variant="default" size="compact-sm" onClick={() => setParams({})}>
                  {t("outbox.showAll")}
                </Button>
              </Group>
            )}
            <SegmentedControl
              display={focusId === null ? undefined : "none"}
              w="fit-content"
              value={filter}
              onChange={(value) => {
                setFilter(value as typeof filter);
                setPage(1);
              }}
              aria-label={t("outbox.filter")}
              data={[
                { value: "all", label: t("outbox.all") },
                { value: "pending", label: t("outbox.status.pending") },
                { value: "failed", label: t("outbox.status.failed") },
                { value: "sent", label: t("outbox.status.sent") },
              ]}
            />
            <QueryTable
              state={focusId === null ? outbox : focused}
              rows={focusId === null ? data?.items : focused.data ? [focused.data] : undefined}
              minWidth={1100}
              headers={[
                t("outbox.createdAt"),
                t("outbox.person"),
                t("outbox.to"),
                t("outbox.subject"),
                t("outbox.statusHeader"),
                t("outbox.attempts"),
                t("outbox.next"),
                t("common.actions"),
              ]}
              empty={t("outbox.empty")}
              rowKey={(email) => email.id}
              renderRow={(email) => (
                <>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(email.createdAt)}</Text>
                    {email.createdBy && (
                      <Text size="xs" c="dimmed">
                        {email.createdBy}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {email.person ? (
                      <Anchor component={Link} to={personUrl(email.person)} size="sm">
                        {email.person.lastName} {email.person.firstName}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{email.to.join(", ")}</Text>
                    {email.cc.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {t("outbox.cc", { cc: email.cc.join(", ") })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{email.subject}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`outbox.purpose.${email.purpose}`)}
                      {email.attachmentCount > 0 && ` · ${t("outbox.attachments", { count: email.attachmentCount })}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <OutboxStatusBadge status={email.status} />
                      {email.status === "sent" && email.sentAt && (
                        <Text size="xs" c="dimmed">
                          {formatDateTime(email.sentAt)}
                        </Text>
                      )}
                      {email.status !== "sent" && email.lastError && (
                        <Text size="xs" c="red.8" maw={320} style={{ overflowWrap: "anywhere" }}>
                          {email.lastError}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{email.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{email.nextAttemptAt ? formatDateTime(email.nextAttemptAt) : "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    {(email.status === "pending" || email.status === "failed") && (
                      <Tooltip label={t("outbox.retryHint")}>
                        <Button
                          size="compact-sm"
                          variant="light"
                          leftSection={<IconRefresh size={14} />}
                          loading={retry.isPending && retry.variables?.id === email.id}
                          onClick={() => retry.mutate(email)}
                        >
                          {t("outbox.retry")}
                        </Button>
                      </Tooltip>
                    )}
                  </Table.Td>
                </>
              )}
            />
            {focusId === null && pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}
          </Stack>
        </Tabs.Panel>
        {smsReader && (
          <Tabs.Panel value="sms">
            <SmsOutbox manager={smsManager} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

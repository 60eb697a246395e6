import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../../shared/permissions.ts";
import { listSms, listSmsReplies, type SmsQuery, type SmsReply, smsKeys } from "../../../api/smsOutbox.ts";
import { useUser } from "../../../app/session.tsx";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../../components/feedback.tsx";
import { SmsKindText, SmsState, SmsText } from "../../mail/SmsStatusBadge.tsx";

const PAGE_SIZE = 20;

/** The « SMS » section of a person page: the SMS sent, waiting or not sent to her, newest first. */
export function PersonSms({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const mayOpenOutbox = can(useUser().role, "mail.send");
  const query: SmsQuery = { personId, pageSize: PAGE_SIZE };
  const sms = useQuery({ queryKey: smsKeys.page(query), queryFn: ({ signal }) => listSms(query, signal) });

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="person-sms-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="person-sms-title">
            {t("smsOutbox.personTitle")}
          </Title>
          {sms.data && sms.data.total > sms.data.items.length && (
            <Text size="xs" c="dimmed">
              {t("smsOutbox.personLatest", { count: sms.data.items.length, total: sms.data.total })}
            </Text>
          )}
        </Group>
        {sms.isPending ? (
          <PageLoader />
        ) : sms.error ? (
          <ErrorAlert error={sms.error} onRetry={() => void sms.refetch()} />
        ) : sms.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("smsOutbox.personEmpty")}
          </Text>
        ) : (
          <Stack gap={0}>
            {sms.data.items.map((item, i) => (
              <Group
                key={item.id}
                data-testid="person-sms"
                justify="space-between"
                align="flex-start"
                wrap="nowrap"
                gap="md"
                py="xs"
                style={i > 0 ? { borderTop: "1px solid var(--mantine-color-gray-3)" } : undefined}
              >
                <Stack gap={2} miw={0}>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(item.createdAt)}
                  </Text>
                  <SmsKindText sms={item} />
                  <SmsText sms={item} />
                </Stack>
                <SmsState sms={item} />
              </Group>
            ))}
          </Stack>
        )}
        <PersonSmsReplies personId={personId} />
        {mayOpenOutbox && (
          <Anchor component={Link} to="/envois?canal=sms" size="sm">
            {t("smsOutbox.openOutbox")}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

/** The SMS she sent to the clinic's number (replies to the reminders), as Relais read them. */
function PersonSmsReplies({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const replies = useQuery({
    queryKey: smsKeys.replies(personId),
    queryFn: ({ signal }) => listSmsReplies(personId, PAGE_SIZE, signal),
  });
  if (!replies.data || replies.data.items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={3} size="h6">
        {t("smsOutbox.repliesTitle")}
      </Title>
      {replies.data.items.map((reply) => (
        <Group key={reply.id} data-testid="person-sms-reply" justify="space-between" wrap="nowrap" gap="md">
          <Stack gap={0} miw={0}>
            <Text size="xs" c="dimmed">
              {formatDateTime(reply.receivedAt)}
            </Text>
            <Text size="sm" fs="italic" style={{ overflowWrap: "anywhere" }}>
              « {reply.text} »
            </Text>
          </Stack>
          <Badge variant="light" color={REPLY_COLORS[reply.meaning]} tt="none">
            {t(`tasks.source.smsReplyMeaning.${reply.meaning}`)}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

const REPLY_COLORS: Record<SmsReply["meaning"], string> = {
  stop: "red",
  confirmed: "teal",
  cancel_requested: "orange",
  other: "blue",
};

import { Anchor, Badge, Button, Card, Group, Modal, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconMessagePlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { acknowledgeMessage, callKeys, fetchInbox, type PhoneMessage } from "../../api/calls.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, notifyError, notifySuccess, PageLoader } from "../../components/feedback.tsx";
import { PhoneText } from "../../components/PhoneText.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { LeaveMessageForm } from "./LeaveMessageForm.tsx";

/**
 * The inbox of phone messages: those left for me and for the services, until
 * someone acknowledges them (procedure 3: the message taken must reach its
 * recipient). The acknowledged ones stay readable in the second tab.
 */
export function MessagesPage() {
  const { t } = useTranslation();
  const mayWrite = can(useUser().role, "calls.write");
  const [tab, setTab] = useState<"waiting" | "done">("waiting");
  const [leaving, setLeaving] = useState(false);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("messages.title")}</Title>
        {mayWrite && (
          <Button leftSection={<IconMessagePlus size={16} />} onClick={() => setLeaving(true)}>
            {t("messages.leave")}
          </Button>
        )}
      </Group>
      <Tabs value={tab} onChange={(value) => setTab(value === "done" ? "done" : "waiting")}>
        <Tabs.List>
          <Tabs.Tab value="waiting">{t("messages.waitingTab")}</Tabs.Tab>
          <Tabs.Tab value="done">{t("messages.doneTab")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="waiting" pt="md">
          {tab === "waiting" && <Inbox acknowledged={false} />}
        </Tabs.Panel>
        <Tabs.Panel value="done" pt="md">
          {tab === "done" && <Inbox acknowledged />}
        </Tabs.Panel>
      </Tabs>
      <Modal opened={leaving} onClose={() => setLeaving(false)} title={t("messages.leave")} size="lg">
        <LeaveMessageForm onSaved={() => setLeaving(false)} />
      </Modal>
    </Stack>
  );
}

function Inbox({ acknowledged }: { acknowledged: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: callKeys.inbox(acknowledged),
    queryFn: async () => {
      const page = await fetchInbox(acknowledged);
      // The navigation's badge follows what the inbox shows, without waiting for its next poll.
      if (!acknowledged) queryClient.setQueryData(callKeys.inboxCount, { unacknowledged: page.items.length });
      return page;
    },
  });
  if (inbox.isPending) return <PageLoader />;
  if (inbox.error || !inbox.data) return <ErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} />;
  if (inbox.data.items.length === 0) {
    return <Text c="dimmed">{acknowledged ? t("messages.emptyDone") : t("messages.empty")}</Text>;
  }
  return (
    <Stack gap="sm">
      {inbox.data.items.map((message) => (
        <MessageCard key={message.id} message={message} />
      ))}
    </Stack>
  );
}

function MessageCard({ message }: { message: PhoneMessage }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  // A message for a person is acknowledged by that person (or an admin); a service's, by anyone at the desk.
  const mayAcknowledge =
    can(user.role, "calls.write") && (!message.forUserId || message.forUserId === user.id || user.role === "admin");
  const reload = () => void queryClient.invalidateQueries({ queryKey: callKeys.messages });
  const acknowledge = useMutation({
    mutationFn: () => acknowledgeMessage(message.id, message.version),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: callKeys.messages });
      notifySuccess(t("messages.acknowledgedDone"));
    },
    onError: (error) => {
      notifyError(error, reload);
      // Acknowledged by someone else meanwhile: the list is stale.
      reload();
    },
  });

  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs">
            {message.forUserId === user.id ? (
              <Badge color="teal" variant="light" tt="none">
                {t("messages.forYou")}
              </Badge>
            ) : message.forUser ? (
              <Badge color="gray" variant="light" tt="none">
                {t("messages.forPerson", { name: message.forUser.name })}
              </Badge>
            ) : null}
            {message.forService && (
              <Badge color="blue" variant="light" tt="none">
                {t("messages.forService", { name: message.forService.name })}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t("messages.takenBy", {
                at: formatDateTime(message.capturedAt ?? message.createdAt),
                name: message.createdBy?.name ?? "—",
              })}
            </Text>
          </Group>
          <Group gap="md">
            {message.callerName && (
              <Text size="sm" fw={600}>
                {message.callerName}
              </Text>
            )}
            {message.callerPhone && <PhoneText phone={message.callerPhone} />}
            {message.person && (
              <Anchor component={Link} to={personUrl(message.person)} size="sm">
                {t("messages.record", { name: `${message.person.lastName} ${message.person.firstName}` })}
              </Anchor>
            )}
            {message.callId && (
              <Anchor component={Link} to={`/appels/${message.callId}`} size="sm">
                {t("messages.callLine")}
              </Anchor>
            )}
          </Group>
          <Text style={{ whiteSpace: "pre-wrap" }}>{message.body}</Text>
          {message.acknowledgedAt && (
            <Text size="sm" c="dimmed">
              {t("messages.acknowledgedBy", {
                at: formatDateTime(message.acknowledgedAt),
                name: message.acknowledgedBy?.name ?? "—",
              })}
            </Text>
          )}
        </Stack>
        {mayAcknowledge && !message.acknowledgedAt && (
          <Button variant="light" onClick={() => acknowledge.mutate()} loading={acknowledge.isPending}>
            {t("messages.acknowledge")}
          </Button>
        )}
      </Group>
    </Card>
  );
}

import { Alert, Badge, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DuplicateMatch } from "../api/types.ts";
import { decide, type QueueState, subscribeQueue, syncNow } from "./queue.ts";
import { useUnreachable } from "./reachability.ts";
import type { QueueItem } from "./store.ts";

/**
 * What waits to be sent, in order, and what the server refused: a prospect that may already
 * exist (created meanwhile from another desk) is shown with the matching records, for the
 * receptionist to link the call to one of them, create the prospect anyway, or discard it.
 * Nothing is ever merged without her.
 */
export function SyncPanel({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const unreachable = useUnreachable();
  const [queue, setQueue] = useState<QueueState>({ items: [], syncing: false });
  useEffect(() => subscribeQueue(setQueue), []);

  return (
    <Modal opened={opened} onClose={onClose} title={t("offline.panelTitle")} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {unreachable ? t("offline.panelOffline") : t("offline.panelOnline")}
        </Text>
        {queue.items.length === 0 && <Text>{t("offline.nothingWaiting")}</Text>}
        {queue.items.map((item) => (
          <QueueRow key={item.id} item={item} />
        ))}
        <Group justify="flex-end">
          <Button variant="default" loading={queue.syncing} onClick={() => void syncNow()}>
            {t("offline.syncNow")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function QueueRow({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const matches =
    item.error?.code === "possible_duplicate"
      ? (((item.error.details as { matches?: DuplicateMatch[] } | undefined)?.matches ?? []) as DuplicateMatch[])
      : [];
  return (
    <Stack gap={4} data-testid="queue-item">
      <Group gap="xs">
        <Badge variant="light" color={item.state === "blocked" ? "red" : "blue"}>
          {t(`offline.kind.${item.kind}`)}
        </Badge>
        <Text size="sm" fw={500}>
          {item.label}
        </Text>
        <Text size="xs" c="dimmed">
          {item.state === "blocked" ? t("offline.blocked") : t("offline.waiting")}
        </Text>
      </Group>
      {item.state === "blocked" && item.error && (
        <Alert color={matches.length ? "orange" : "red"} p="xs">
          <Stack gap="xs">
            <Text size="sm">{matches.length ? t("offline.duplicateText") : item.error.message}</Text>
            {matches.map((match) => (
              <Group key={match.id} justify="space-between">
                <Text size="sm">
                  {match.lastName} {match.firstName} · {match.phones.join(", ")}
                </Text>
                <Button size="xs" onClick={() => void decide(item.id, { type: "link", personId: match.id })}>
                  {t("offline.link")}
                </Button>
              </Group>
            ))}
            <Group gap="xs">
              {matches.length > 0 ? (
                <Button size="xs" variant="default" onClick={() => void decide(item.id, { type: "create_anyway" })}>
                  {t("offline.createAnyway")}
                </Button>
              ) : (
                <Button size="xs" variant="default" onClick={() => void decide(item.id, { type: "retry" })}>
                  {t("offline.retry")}
                </Button>
              )}
              <Button size="xs" color="red" variant="subtle" onClick={() => void decide(item.id, { type: "discard" })}>
                {t("offline.discard")}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

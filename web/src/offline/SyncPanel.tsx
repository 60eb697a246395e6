import { Alert, Badge, Button, CopyButton, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldIssue } from "../api/client.ts";
import type { DuplicateMatch } from "../api/types.ts";
import { useFormatDateTime } from "../components/datetime.ts";
import { decide, type QueueState, subscribeQueue, syncNow } from "./queue.ts";
import { useUnreachable } from "./reachability.ts";
import type { QueueItem } from "./store.ts";

/**
 * What waits to be sent, in order, and what the server refused: a prospect that may already
 * exist (created meanwhile from another desk) is shown with the matching records, for the
 * receptionist to link the call to one of them, create the prospect anyway, or discard it.
 * Nothing is ever merged without her. A refused item shows what was typed, to copy into the
 * register or correct (the fields the server named first) before trying again.
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

/** The texts of an item a person may read, copy and correct, by kind (phones: the first number). */
const FIELDS: Record<QueueItem["kind"], { key: string; label: string; long?: boolean }[]> = {
  prospect: [
    { key: "lastName", label: "offline.form.lastName" },
    { key: "firstName", label: "offline.form.firstName" },
    { key: "phones", label: "offline.form.phone" },
  ],
  call: [
    { key: "phone", label: "offline.form.phone" },
    { key: "callerName", label: "offline.form.callerName" },
    { key: "request", label: "offline.form.request", long: true },
    { key: "notes", label: "offline.form.notes", long: true },
  ],
  message: [
    { key: "callerName", label: "offline.form.callerName" },
    { key: "callerPhone", label: "offline.form.phone" },
    { key: "body", label: "offline.form.message", long: true },
  ],
};

const textOf = (body: Record<string, unknown>, key: string): string => {
  const value = key === "phones" ? (body.phones as unknown[] | undefined)?.[0] : body[key];
  return typeof value === "string" ? value : "";
};

/** The body with the corrected texts (an emptied text is sent as null, as the offline form does). */
function corrected(body: Record<string, unknown>, edits: Record<string, string>): Record<string, unknown> {
  const next = { ...body };
  for (const [key, text] of Object.entries(edits)) {
    const value = text.trim();
    if (key === "phones") next.phones = [value, ...((body.phones as unknown[] | undefined) ?? []).slice(1)];
    else next[key] = value === "" ? null : value;
  }
  return next;
}

function QueueRow({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const matches =
    item.error?.code === "possible_duplicate"
      ? (((item.error.details as { matches?: DuplicateMatch[] } | undefined)?.matches ?? []) as DuplicateMatch[])
      : [];
  // The fields the server named in its refusal, with its words: on the field when it can be corrected here,
  // else listed (a capture time, a colleague's account: nothing to type, the register takes it by hand).
  const issues = (item.error?.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
  const fieldOf = (issue: FieldIssue) => issue.field.split(".")[0] ?? issue.field;
  const fields = FIELDS[item.kind];
  const named = new Map(issues.map((issue) => [fieldOf(issue), issue.message]));
  const elsewhere = issues.filter((issue) => !fields.some((f) => f.key === fieldOf(issue)));
  const textFor = (key: string) => edits[key] ?? textOf(item.body, key);
  const outcome = typeof item.body.outcome === "string" ? t(`offline.outcome.${item.body.outcome}`) : null;
  const copyText = [
    `${t(`offline.kind.${item.kind}`)} — ${t("offline.capturedAt", { date: formatDateTime(item.capturedAt) })}`,
    ...fields.filter((f) => textFor(f.key)).map((f) => `${t(f.label)} : ${textFor(f.key)}`),
    ...(outcome ? [`${t("offline.form.outcome")} : ${outcome}`] : []),
  ].join("\n");

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
            <Stack gap={4} data-testid="blocked-content">
              <Text size="xs" c="dimmed">
                {t("offline.capturedAt", { date: formatDateTime(item.capturedAt) })}
                {outcome ? ` · ${t("offline.form.outcome")} : ${outcome}` : ""}
              </Text>
              {elsewhere.map((issue) => (
                <Text key={issue.field} size="sm" c="red">
                  {issue.message}
                </Text>
              ))}
              {fields.map((field) => {
                const Input = field.long ? Textarea : TextInput;
                return (
                  <Input
                    key={field.key}
                    size="xs"
                    label={t(field.label)}
                    value={textFor(field.key)}
                    error={named.get(field.key)}
                    autosize={field.long ? true : undefined}
                    onChange={(e) => {
                      const text = e.currentTarget.value;
                      setEdits((current) => ({ ...current, [field.key]: text }));
                    }}
                  />
                );
              })}
            </Stack>
            {confirmDiscard ? (
              <Stack gap="xs" data-testid="discard-confirm">
                <Text size="sm" fw={500}>
                  {t("offline.discardConfirm")}
                </Text>
                <Group gap="xs">
                  <Button size="xs" color="red" onClick={() => void decide(item.id, { type: "discard" })}>
                    {t("offline.discardConfirmed")}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setConfirmDiscard(false)}>
                    {t("offline.discardCancel")}
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Group gap="xs">
                {matches.length > 0 ? (
                  <Button size="xs" variant="default" onClick={() => void decide(item.id, { type: "create_anyway" })}>
                    {t("offline.createAnyway")}
                  </Button>
                ) : (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => void decide(item.id, { type: "retry", body: corrected(item.body, edits) })}
                  >
                    {t("offline.retry")}
                  </Button>
                )}
                <CopyButton value={copyText}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="subtle" onClick={copy}>
                      {copied ? t("offline.copied") : t("offline.copy")}
                    </Button>
                  )}
                </CopyButton>
                <Button size="xs" color="red" variant="subtle" onClick={() => setConfirmDiscard(true)}>
                  {t("offline.discard")}
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

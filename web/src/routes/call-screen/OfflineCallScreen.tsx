import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconCloudOff } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { newUuid } from "../../api/uuid.ts";
import { enqueue } from "../../offline/queue.ts";
import { useUnreachable } from "../../offline/reachability.ts";
import { type CachedPerson, type Directory, readDirectory, searchCachedPeople } from "../../offline/store.ts";

/** The outcomes a line typed offline may have (a transfer is said on the line, and typed once back online). */
const OFFLINE_OUTCOMES = ["answered", "message_left", "call_back_later", "to_resume"] as const;
const TEMPERATURES = ["hot", "warm", "cold"] as const;

const blank = (text: string) => (text.trim() === "" ? undefined : text.trim());

const EMPTY = {
  channel: "phone" as "phone" | "visit",
  phone: "",
  callerName: "",
  request: "",
  notes: "",
  outcome: "answered" as (typeof OFFLINE_OUTCOMES)[number],
  newProspect: false,
  lastName: "",
  firstName: "",
  temperature: "warm" as (typeof TEMPERATURES)[number],
  origin: "",
  withMessage: false,
  recipient: "",
  message: "",
};

/**
 * The call screen when the server cannot be reached (procedure 1: « noter sur un carnet, à reporter » —
 * the notebook is this form): one register line with the caller's details and request, possibly a new
 * prospect and a message for a colleague, kept in this browser and sent in order once the server is back.
 */
export function OfflineCallScreen({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  const unreachable = useUnreachable();
  const [values, setValues] = useState(EMPTY);
  const [directory, setDirectory] = useState<Directory>({ staff: [], services: [], origins: [] });
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<CachedPerson[]>([]);
  const [person, setPerson] = useState<CachedPerson | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(0);

  useEffect(() => {
    void readDirectory().then(setDirectory);
  }, []);
  useEffect(() => {
    let current = true;
    void searchCachedPeople(search).then((people) => current && setFound(people));
    return () => {
      current = false;
    };
  }, [search]);

  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const origin =
    values.origin || directory.origins.find((o) => o.code === values.channel)?.code || directory.origins[0]?.code || "";

  async function save() {
    setProblem(null);
    if (values.newProspect && (!blank(values.lastName) || !blank(values.firstName) || !blank(values.phone))) {
      setProblem(t("offline.form.prospectIncomplete"));
      return;
    }
    if (values.withMessage && (!values.recipient || !blank(values.message))) {
      setProblem(t("offline.form.messageIncomplete"));
      return;
    }
    const capturedAt = new Date().toISOString();
    const prospectId = values.newProspect ? newUuid() : undefined;
    const callId = newUuid();
    const callerName =
      blank(values.callerName) ??
      (values.newProspect ? `${values.firstName.trim()} ${values.lastName.trim()}` : undefined);
    const items: Parameters<typeof enqueue>[0] = [];
    if (prospectId) {
      items.push({
        id: prospectId,
        kind: "prospect",
        body: {
          lastName: values.lastName.trim(),
          firstName: values.firstName.trim(),
          phones: [values.phone.trim()],
          origin,
          temperature: values.temperature,
        },
        label: `${values.lastName.trim()} ${values.firstName.trim()}`,
        capturedAt,
      });
    }
    items.push({
      id: callId,
      kind: "call",
      body: {
        channel: values.channel,
        capturedAt,
        phone: blank(values.phone),
        callerName,
        request: blank(values.request),
        notes: blank(values.notes),
        outcome: values.outcome,
        personId: person?.id,
      },
      personRef: prospectId,
      label: callerName ?? blank(values.phone) ?? t("offline.form.unknownCaller"),
      capturedAt,
    });
    if (values.withMessage) {
      const [type, id] = values.recipient.split(":");
      items.push({
        id: newUuid(),
        kind: "message",
        body: {
          ...(type === "user" ? { forUserId: id } : { forServiceId: id }),
          callerName,
          callerPhone: blank(values.phone),
          personId: person?.id,
          body: values.message.trim(),
          capturedAt,
        },
        callRef: callId,
        personRef: prospectId,
        label: callerName ?? t("offline.form.unknownCaller"),
        capturedAt,
      });
    }
    await enqueue(items);
    setValues({ ...EMPTY, channel: values.channel });
    setPerson(null);
    setSearch("");
    setSaved((n) => n + 1);
  }

  return (
    <Stack maw={760}>
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t("offline.form.title")}
        </Title>
        <Button variant="default" disabled={unreachable} onClick={onBack}>
          {t("offline.form.back")}
        </Button>
      </Group>
      <Alert color="orange" icon={<IconCloudOff size={18} />}>
        {unreachable ? t("offline.form.explain") : t("offline.form.backOnline")}
      </Alert>
      {saved > 0 && (
        <Alert color="teal" role="status">
          {t("offline.form.saved")}
        </Alert>
      )}
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      <Paper withBorder p="md">
        <Stack>
          <SegmentedControl
            value={values.channel}
            onChange={(v) => set("channel", v as "phone" | "visit")}
            data={[
              { value: "phone", label: t("callScreen.greeting.phone") },
              { value: "visit", label: t("callScreen.greeting.visit") },
            ]}
          />
          <Group grow>
            <TextInput
              label={t("offline.form.phone")}
              value={values.phone}
              maxLength={40}
              onChange={(e) => set("phone", e.currentTarget.value)}
            />
            <TextInput
              label={t("offline.form.callerName")}
              value={values.callerName}
              maxLength={LIMITS.nameMax * 2}
              onChange={(e) => set("callerName", e.currentTarget.value)}
            />
          </Group>
          <Textarea
            label={t("offline.form.request")}
            value={values.request}
            maxLength={LIMITS.commentMax}
            autosize
            minRows={2}
            onChange={(e) => set("request", e.currentTarget.value)}
          />
          <TextInput
            label={t("offline.form.search")}
            description={t("offline.form.searchHelp")}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          {search.trim() !== "" && (
            <Stack gap={4} aria-label={t("offline.form.partial")}>
              <Text size="xs" c="orange.8" fw={600}>
                {t("offline.form.partial")}
              </Text>
              {found.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t("offline.form.noneSeen")}
                </Text>
              )}
              {found.map((p) => (
                <UnstyledButton key={p.id} onClick={() => setPerson(p)}>
                  <Text size="sm" fw={person?.id === p.id ? 700 : 400}>
                    {p.lastName} {p.firstName} · {p.phones.join(", ")}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          )}
          {person && (
            <Text size="sm">
              {t("offline.form.linkedTo", { name: `${person.lastName} ${person.firstName}` })}{" "}
              <UnstyledButton onClick={() => setPerson(null)}>
                <Text span size="sm" c="red">
                  {t("offline.form.unlink")}
                </Text>
              </UnstyledButton>
            </Text>
          )}
          {!person && (
            <Switch
              label={t("offline.form.newProspect")}
              checked={values.newProspect}
              onChange={(e) => set("newProspect", e.currentTarget.checked)}
            />
          )}
          {values.newProspect && !person && (
            <Group grow align="flex-end">
              <TextInput
                label={t("offline.form.lastName")}
                required
                value={values.lastName}
                maxLength={LIMITS.nameMax}
                onChange={(e) => set("lastName", e.currentTarget.value)}
              />
              <TextInput
                label={t("offline.form.firstName")}
                required
                value={values.firstName}
                maxLength={LIMITS.nameMax}
                onChange={(e) => set("firstName", e.currentTarget.value)}
              />
              <NativeSelect
                label={t("offline.form.temperature")}
                value={values.temperature}
                onChange={(e) => set("temperature", e.currentTarget.value as (typeof TEMPERATURES)[number])}
                data={TEMPERATURES.map((value) => ({ value, label: t(`offline.temperature.${value}`) }))}
              />
              {directory.origins.length > 0 && (
                <NativeSelect
                  label={t("offline.form.origin")}
                  value={origin}
                  onChange={(e) => set("origin", e.currentTarget.value)}
                  data={directory.origins.map((o) => ({ value: o.code, label: o.label }))}
                />
              )}
            </Group>
          )}
          <NativeSelect
            label={t("offline.form.outcome")}
            value={values.outcome}
            onChange={(e) => set("outcome", e.currentTarget.value as (typeof OFFLINE_OUTCOMES)[number])}
            data={OFFLINE_OUTCOMES.map((value) => ({ value, label: t(`offline.outcome.${value}`) }))}
          />
          <Switch
            label={t("offline.form.withMessage")}
            checked={values.withMessage}
            onChange={(e) => set("withMessage", e.currentTarget.checked)}
          />
          {values.withMessage && (
            <>
              <NativeSelect
                label={t("offline.form.recipient")}
                value={values.recipient}
                onChange={(e) => set("recipient", e.currentTarget.value)}
                data={[
                  { value: "", label: t("offline.form.chooseRecipient") },
                  ...directory.staff.map((u) => ({ value: `user:${u.id}`, label: `${u.firstName} ${u.lastName}` })),
                  ...directory.services.map((s) => ({ value: `service:${s.id}`, label: s.name })),
                ]}
              />
              <Textarea
                label={t("offline.form.message")}
                value={values.message}
                maxLength={LIMITS.commentMax}
                onChange={(e) => set("message", e.currentTarget.value)}
              />
            </>
          )}
          <Textarea
            label={t("offline.form.notes")}
            value={values.notes}
            maxLength={LIMITS.notesMax}
            onChange={(e) => set("notes", e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button onClick={() => void save()}>{t("offline.form.save")}</Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

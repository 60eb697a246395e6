import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useInterval } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../../shared/limits.ts";
import { createInteraction, queryKeys } from "../../../api/endpoints.ts";
import type { Channel, CreateInteractionInput, PersonKind } from "../../../api/types.ts";
import { formatDateTime, parseDateTime, useTimeZone, zonedTimeToIso } from "../../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../../components/form.ts";
import { useListOptions } from "../../../components/settingsLabels.ts";
import { CHANNELS, DOCUMENT_SUGGESTION_KEYS } from "../labels.ts";

interface Values {
  channel: Channel;
  occurredAt: string;
  motive: string;
  requestTypes: string[];
  comment: string;
  /** Comma-separated, as typed. */
  documentsSent: string;
  /** Asked for and not sent now (rule docs-pending: to send the same day). */
  documentsRequested: boolean;
  outcome: string;
  /** A call: "yes" the person was reached, "no" an attempt (no answer, wrong number). */
  reached: "yes" | "no";
}

/** "Plaquette, Flyer Programme NEST" → ["Plaquette", "Flyer Programme NEST"]. */
const splitDocuments = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((d) => d.trim())
    .filter(Boolean);

const FIELDS = new Set([
  "channel",
  "occurredAt",
  "motive",
  "requestTypes",
  "comment",
  "documentsSent",
  "documentsRequested",
  "outcome",
  "reached",
]);
/** "documentsSent.1" → "documentsSent": the list is one input. */
const fieldOf = (field: string) => field.split(".")[0] ?? field;
/** A clock a little ahead of the server's must not refuse "now". */
const FUTURE_SLACK_MS = 2 * 60 * 1000;

/**
 * "Ajouter une interaction", right on the record (procedures 1 and 2): channel,
 * when (now by default, or earlier when entered from paper), motive, request
 * types, comment, documents sent electronically, documentation asked for and
 * still to send.
 */
export function InteractionForm({ kind, personId }: { kind: PersonKind; personId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const { motives, requestTypes } = useListOptions();
  const nowText = () => formatDateTime(new Date().toISOString(), timeZone);
  const initial = (): Values => ({
    channel: "phone_in",
    occurredAt: nowText(),
    motive: "",
    requestTypes: [],
    comment: "",
    documentsSent: "",
    documentsRequested: false,
    outcome: "",
    reached: "yes",
  });
  const form = useFormState<Values>(initial);
  /** Until the user edits "Date et heure", it follows the clock and the server stamps the instant itself. */
  const [timeEdited, setTimeEdited] = useState(false);
  useInterval(
    () => {
      if (!timeEdited) form.setValues((prev) => ({ ...prev, occurredAt: nowText() }));
    },
    30_000,
    { autoInvoke: true },
  );

  const mutation = useMutation({
    mutationFn: (input: CreateInteractionInput) => createInteraction(kind, personId, input),
    onSuccess: async () => {
      form.reset(initial());
      setTimeEdited(false);
      notifySuccess(t("people.interaction.saved"));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.interactions(kind, personId) }),
        // The last interaction date and the status change with it.
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
      ]);
    },
    onError: (error) => form.setErrors(splitApiError(error, (f) => FIELDS.has(f), fieldOf).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const input: CreateInteractionInput = {
      channel: v.channel,
      motive: v.motive || null,
      requestTypes: v.requestTypes,
      comment: v.comment.trim() || null,
      documentsSent: splitDocuments(v.documentsSent),
      documentsRequested: v.documentsRequested,
      outcome: v.outcome.trim() || null,
    };
    // Only a call may reach nobody; a visit or a message says nothing of it.
    if (v.channel === "phone_in" || v.channel === "phone_out") input.reached = v.reached === "yes";
    if (timeEdited) {
      const parsed = parseDateTime(v.occurredAt);
      if (!parsed) {
        form.setErrors({ occurredAt: t("people.interaction.invalidDateTime") });
        return;
      }
      const iso = zonedTimeToIso(parsed.date, parsed.hour, parsed.minute, timeZone);
      if (new Date(iso).getTime() > Date.now() + FUTURE_SLACK_MS) {
        form.setErrors({ occurredAt: t("people.interaction.future") });
        return;
      }
      input.occurredAt = iso;
    }
    form.setErrors({});
    mutation.reset();
    mutation.mutate(input);
  };

  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f), fieldOf).message : null;
  const documentSuggestions = DOCUMENT_SUGGESTION_KEYS.map((key) => t(`people.interaction.documents.${key}`));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="interaction-form-title">
      <Title order={2} size="h4" mb="sm" id="interaction-form-title">
        {t("people.interaction.title")}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={mutation.error} message={alert} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t("people.interaction.channel")}
              data={CHANNELS.map((c) => ({ value: c, label: t(`people.channels.${c}`) }))}
              value={form.values.channel}
              onChange={(event) => form.setField("channel", event.currentTarget.value as Channel)}
              error={form.errors.channel}
            />
            <TextInput
              label={t("people.interaction.occurredAt")}
              description={t("people.interaction.occurredAtHelp")}
              placeholder={t("people.interaction.occurredAtPlaceholder")}
              value={form.values.occurredAt}
              onChange={(event) => {
                setTimeEdited(true);
                form.setField("occurredAt", event.currentTarget.value);
              }}
              error={form.errors.occurredAt}
              autoComplete="off"
            />
          </SimpleGrid>
          <NativeSelect
            label={t("people.interaction.motive")}
            data={[{ value: "", label: t("people.interaction.noMotive") }, ...motives]}
            value={form.values.motive}
            onChange={(event) => form.setField("motive", event.currentTarget.value)}
            error={form.errors.motive}
          />
          <MultiSelect
            label={t("people.interaction.requestTypes")}
            placeholder={form.values.requestTypes.length ? undefined : t("people.interaction.requestTypesPlaceholder")}
            data={requestTypes}
            value={form.values.requestTypes}
            onChange={(value) => form.setField("requestTypes", value)}
            error={form.errors.requestTypes}
            searchable
            clearable
            hidePickedOptions
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={t("people.interaction.comment")}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={LIMITS.commentMax}
            value={form.values.comment}
            onChange={(event) => form.setField("comment", event.currentTarget.value)}
            error={form.errors.comment}
          />
          <Stack gap={6}>
            <TextInput
              label={t("people.interaction.documentsSent")}
              description={t("people.interaction.documentsSentHelp")}
              maxLength={2000}
              value={form.values.documentsSent}
              onChange={(event) => form.setField("documentsSent", event.currentTarget.value)}
              error={form.errors.documentsSent}
              autoComplete="off"
            />
            <Group gap={6} aria-label={t("people.interaction.documentsQuickAdd")} role="group">
              {documentSuggestions
                .filter((doc) => !splitDocuments(form.values.documentsSent).includes(doc))
                .map((doc) => (
                  <Button
                    key={doc}
                    size="compact-xs"
                    variant="light"
                    color="gray"
                    leftSection={<IconPlus size={12} />}
                    onClick={() =>
                      form.setField("documentsSent", [...splitDocuments(form.values.documentsSent), doc].join(", "))
                    }
                  >
                    {doc}
                  </Button>
                ))}
            </Group>
          </Stack>
          <Checkbox
            label={t("people.interaction.documentsRequested")}
            description={t("people.interaction.documentsRequestedHelp")}
            checked={form.values.documentsRequested}
            onChange={(event) => form.setField("documentsRequested", event.currentTarget.checked)}
            error={form.errors.documentsRequested}
          />
          {(form.values.channel === "phone_in" || form.values.channel === "phone_out") && (
            <Radio.Group
              label={t("people.interaction.reached")}
              description={t("people.interaction.reachedHelp")}
              value={form.values.reached}
              onChange={(value) => form.setField("reached", value as Values["reached"])}
              error={form.errors.reached}
            >
              <Group mt={4}>
                <Radio value="yes" label={t("people.interaction.reachedYes")} />
                <Radio value="no" label={t("people.interaction.reachedNo")} />
              </Group>
            </Radio.Group>
          )}
          <TextInput
            label={t("people.interaction.outcome")}
            maxLength={200}
            value={form.values.outcome}
            onChange={(event) => form.setField("outcome", event.currentTarget.value)}
            error={form.errors.outcome}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={mutation.isPending}>
              {t("people.interaction.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

import { Alert, Anchor, Button, Checkbox, Group, Radio, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconCheck, IconClockPause, IconSend } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LIMITS } from "../../../../shared/limits.ts";
import { isApiError } from "../../api/client.ts";
import { fetchPerson, queryKeys, updatePerson } from "../../api/endpoints.ts";
import {
  fetchOutboxEmail,
  listDocuments,
  mailKeys,
  type SendDocumentationResult,
  sendDocumentation,
} from "../../api/mail.ts";
import type { Person, PersonKind } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { useSettingsQuery } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The record, read as a prospect, else as a patient (the caller may only know its id). */
async function fetchAnyPerson(id: string, kind?: PersonKind): Promise<Person> {
  if (kind) return fetchPerson(kind, id);
  try {
    return await fetchPerson("prospect", id);
  } catch (error) {
    if (isApiError(error) && error.status === 404) return fetchPerson("patient", id);
    throw error;
  }
}

interface Values {
  to: string;
  documentIds: string[];
  from: "user" | "clinic";
  message: string;
}

const FIELDS = new Set(["to", "documentIds", "from", "message"]);

/**
 * Procedure 1, case 3: "Souhaiteriez-vous que l'on vous envoie la
 * documentation ?" The person's email (corrected on the record first if
 * changed), the documents of the library, from me or from the clinic (the
 * clinic in copy), a message; then says whether it left or waits in the
 * outbox. Used by the person page and the guided call screen.
 */
export function SendDocumentationForm({
  personId,
  callId,
  kind,
  onSent,
}: {
  personId: string;
  callId?: string;
  /** Known by the caller: saves a request. */
  kind?: PersonKind;
  onSent?: (result: { interactionId: string; emailId: string; status: string }) => void;
}) {
  const person = useQuery({
    queryKey: kind ? queryKeys.person(kind, personId) : ["people", "any", personId],
    queryFn: () => fetchAnyPerson(personId, kind),
  });
  const documents = useQuery({ queryKey: mailKeys.documentList("true"), queryFn: () => listDocuments("true") });

  if (person.isPending || documents.isPending) return <PageLoader />;
  if (person.error) return <ErrorAlert error={person.error} onRetry={() => void person.refetch()} />;
  if (documents.error) return <ErrorAlert error={documents.error} onRetry={() => void documents.refetch()} />;
  return (
    <SendForm
      key={person.data.id}
      person={person.data}
      documents={documents.data.items}
      callId={callId}
      onSent={onSent}
      onReloadPerson={() => void person.refetch()}
    />
  );
}

function SendForm({
  person,
  documents,
  callId,
  onSent,
  onReloadPerson,
}: {
  person: Person;
  documents: { id: string; name: string; fileName: string }[];
  callId: string | undefined;
  onSent: ((result: { interactionId: string; emailId: string; status: string }) => void) | undefined;
  onReloadPerson: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const user = useUser();
  const clinicEmail = useSettingsQuery().data?.settings.clinicEmail ?? "info@nest.sn";
  const form = useFormState<Values>({ to: person.email ?? "", documentIds: [], from: "user", message: "" });
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<(SendDocumentationResult & { to: string; lastError: string | null }) | null>(
    null,
  );

  const send = useMutation({
    mutationFn: async (values: Values) => {
      const to = values.to.trim();
      // The address is checked on the record first (procedure 1): a new one is saved there.
      if (to !== (person.email ?? "")) {
        try {
          await updatePerson(person.kind, person.id, { version: person.version, email: to });
        } finally {
          await queryClient.invalidateQueries({ queryKey: queryKeys.people });
        }
      }
      const sent = await sendDocumentation({
        personId: person.id,
        documentIds: values.documentIds,
        from: values.from,
        to,
        message: values.message.trim() || undefined,
        callId,
      });
      // Waiting: the reason, to tell the agent.
      const lastError =
        sent.email.status === "sent"
          ? null
          : await fetchOutboxEmail(sent.email.id).then(
              (e) => e.lastError,
              () => null,
            );
      return { ...sent, to, lastError };
    },
    onSuccess: async (sent) => {
      setResult(sent);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
        queryClient.invalidateQueries({ queryKey: mailKeys.outbox }),
      ]);
      onSent?.({ interactionId: sent.interaction.id, emailId: sent.email.id, status: sent.email.status });
    },
    onError: (e) => {
      // The record's email field is the form's "to".
      const { fieldErrors, message } = splitApiError(
        e,
        (field) => FIELDS.has(field),
        (field) => (field === "email" ? "to" : field.startsWith("documentIds") ? "documentIds" : field),
      );
      form.setErrors(fieldErrors);
      setError(message ? e : null);
    },
  });

  if (result) {
    const sent = result.email.status === "sent";
    return (
      <Stack>
        <Alert
          color={sent ? "teal" : "orange"}
          icon={sent ? <IconCheck size={18} /> : <IconClockPause size={18} />}
          role="status"
          title={t(sent ? "sendDocs.sentTitle" : "sendDocs.waitingTitle")}
        >
          <Stack gap={4}>
            <Text size="sm">
              {t(sent ? "sendDocs.sentText" : "sendDocs.waitingText", {
                to: result.to,
                documents: result.interaction.documentsSent.join(", "),
              })}
            </Text>
            {!sent && result.lastError && (
              <Text size="xs" c="dimmed">
                {t("sendDocs.reason", { error: result.lastError })}
              </Text>
            )}
            {!sent && (
              <Anchor component={Link} to="/envois" size="sm">
                {t("sendDocs.openOutbox")}
              </Anchor>
            )}
          </Stack>
        </Alert>
        <Group>
          <Button variant="default" onClick={() => setResult(null)}>
            {t("sendDocs.again")}
          </Button>
        </Group>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const errors: Record<string, string> = {};
    const to = form.values.to.trim();
    if (!to) errors.to = t("sendDocs.toRequired");
    else if (!EMAIL_PATTERN.test(to)) errors.to = t("sendDocs.toInvalid");
    if (form.values.documentIds.length === 0) errors.documentIds = t("sendDocs.documentsRequired");
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    send.mutate(form.values);
  };

  const addressChanged = form.values.to.trim() !== (person.email ?? "") && form.values.to.trim() !== "";

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          type="email"
          label={t("sendDocs.to")}
          description={
            person.email
              ? addressChanged
                ? t("sendDocs.toWillBeSaved")
                : t("sendDocs.toFromRecord")
              : t("sendDocs.toMissing")
          }
          placeholder="prenom.nom@exemple.sn"
          maxLength={LIMITS.emailMax}
          required
          {...form.textProps("to")}
        />
        <Checkbox.Group
          label={t("sendDocs.documents")}
          value={form.values.documentIds}
          onChange={(value) => form.setField("documentIds", value)}
          error={form.errors.documentIds}
          required
        >
          <Stack gap={6} mt={6}>
            {documents.length === 0 && (
              <Text size="sm" c="dimmed">
                {t("sendDocs.noDocuments")}
              </Text>
            )}
            {documents.map((doc) => (
              <Checkbox key={doc.id} value={doc.id} label={doc.name} description={doc.fileName} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Radio.Group
          label={t("sendDocs.from")}
          value={form.values.from}
          onChange={(value) => form.setField("from", value as Values["from"])}
          description={t("sendDocs.ccClinic", { email: clinicEmail })}
        >
          <Stack gap={6} mt={6}>
            <Radio value="user" label={t("sendDocs.fromUser", { email: user.email })} />
            <Radio value="clinic" label={t("sendDocs.fromClinic", { email: clinicEmail })} />
          </Stack>
        </Radio.Group>
        <Textarea
          label={t("sendDocs.message")}
          description={t("sendDocs.messageHint")}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={LIMITS.commentMax}
          value={form.values.message}
          onChange={(event) => form.setField("message", event.currentTarget.value)}
          error={form.errors.message}
        />
        <ErrorAlert error={error} onReload={onReloadPerson} />
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending}>
            {t("sendDocs.send")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

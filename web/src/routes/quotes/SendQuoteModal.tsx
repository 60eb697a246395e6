import { Button, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { catalogueKeys, type Quote, sendQuote } from "../../api/catalogue.ts";
import { queryKeys } from "../../api/endpoints.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

const FIELDS = new Set(["from", "to", "message"]);

/** "Envoyer par e-mail": from me or from the clinic (the clinic is always in copy), to the person's address by default. */
export function SendQuoteModal({ quote, onClose }: { quote: Quote | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={quote !== null}
      onClose={onClose}
      title={quote ? t("quotes.sendTitle", { number: quote.number }) : ""}
      size="lg"
    >
      {quote && <SendForm key={quote.id} quote={quote} onClose={onClose} />}
    </Modal>
  );
}

function SendForm({ quote, onClose }: { quote: Quote; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState<"user" | "clinic">("user");
  const [to, setTo] = useState(quote.person.email ?? "");
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () => sendQuote(quote.id, { from, to: to.trim() || undefined, message: message.trim() || undefined }),
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: catalogueKeys.quotes }),
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
      ]);
      notifySuccess(
        result.status === "sent"
          ? t("quotes.sent", { to: to.trim() || quote.person.email })
          : t("quotes.queued", { to: to.trim() || quote.person.email }),
      );
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!to.trim()) {
      setErrors({ to: t("quotes.toRequired") });
      return;
    }
    setErrors({});
    mutation.reset();
    mutation.mutate();
  };
  const alert = mutation.error ? splitApiError(mutation.error, (field) => FIELDS.has(field)).message : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="quote-send-from">
            {t("quotes.from")}
          </Text>
          <SegmentedControl
            aria-labelledby="quote-send-from"
            data={[
              { value: "user", label: t("quotes.fromMe") },
              { value: "clinic", label: t("quotes.fromClinic") },
            ]}
            value={from}
            onChange={(value) => setFrom(value as "user" | "clinic")}
          />
          <Text size="xs" c="dimmed">
            {t("quotes.clinicInCopy")}
          </Text>
        </Stack>
        <TextInput
          label={t("quotes.to")}
          type="email"
          required
          maxLength={LIMITS.emailMax}
          value={to}
          onChange={(event) => {
            setTo(event.currentTarget.value);
            setErrors({});
          }}
          error={errors.to}
          data-autofocus
        />
        <Textarea
          label={t("quotes.message")}
          description={t("quotes.messageHelp")}
          autosize
          minRows={3}
          maxLength={LIMITS.commentMax}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
          error={errors.message}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("quotes.send")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

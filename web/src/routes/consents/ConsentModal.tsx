import { Button, Group, Modal, NativeSelect, Paper, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CONSENT_NOTE_MAX,
  type ConsentChannel,
  type ConsentPurpose,
  consentKeys,
  getConsentWordings,
  recordConsent,
  STAFF_CONSENT_SOURCES,
  type StaffConsentSource,
} from "../../api/consents.ts";
import { queryKeys } from "../../api/endpoints.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

interface Asking {
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  granted: boolean;
}

/**
 * Records one answer of the register: the wording that will be stored with it (the one read to her), how she
 * said it, a note. Opened from a cell of the « Consentements » card.
 */
export function ConsentModal({
  personId,
  asking,
  onClose,
}: {
  personId: string;
  asking: Asking | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const title = asking
    ? t(asking.granted ? "consents.modal.grantTitle" : "consents.modal.withdrawTitle", {
        purpose: t(`consents.purposes.${asking.purpose}`),
        channel: t(`consents.channels.${asking.channel}`),
      })
    : "";
  return (
    <Modal opened={asking !== null} onClose={onClose} title={title} size="lg">
      {asking && <ConsentForm personId={personId} asking={asking} onClose={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["source", "note"]);

function ConsentForm({ personId, asking, onClose }: { personId: string; asking: Asking; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<StaffConsentSource | "">("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const wordings = useQuery({
    queryKey: consentKeys.wordings,
    queryFn: ({ signal }) => getConsentWordings(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const mutation = useMutation({
    mutationFn: () =>
      recordConsent(personId, {
        ...asking,
        source: source as StaffConsentSource,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: consentKeys.register(personId) }),
        // Reminders by SMS follow the record's « Ne souhaite pas recevoir de SMS ».
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
      ]);
      notifySuccess(t(asking.granted ? "consents.modal.granted" : "consents.modal.withdrawn"));
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source) {
      setErrors({ source: t("consents.modal.sourceRequired") });
      return;
    }
    setErrors({});
    mutation.reset();
    mutation.mutate();
  };
  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t("consents.modal.formLabel")}>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t("consents.modal.wording")}
          </Text>
          <Paper withBorder p="sm" bg="gray.0" data-testid="consent-wording">
            {wordings.error ? (
              <ErrorAlert error={wordings.error} onRetry={() => void wordings.refetch()} />
            ) : (
              <Text size="sm" fs="italic">
                {wordings.data ? `« ${wordings.data.wordings[asking.purpose]} »` : "…"}
              </Text>
            )}
          </Paper>
          <Text size="xs" c="dimmed">
            {t(asking.granted ? "consents.modal.wordingHelpGrant" : "consents.modal.wordingHelpWithdraw")}
          </Text>
        </Stack>
        <NativeSelect
          label={t("consents.modal.source")}
          data={[
            { value: "", label: t("consents.modal.sourceChoose") },
            ...STAFF_CONSENT_SOURCES.map((value) => ({ value, label: t(`consents.sources.${value}`) })),
          ]}
          value={source}
          onChange={(event) => {
            setSource(event.currentTarget.value as StaffConsentSource | "");
            setErrors({});
          }}
          error={errors.source}
          required
        />
        <Textarea
          label={t("consents.modal.note")}
          placeholder={t("consents.modal.notePlaceholder")}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={CONSENT_NOTE_MAX}
          autosize
          minRows={2}
          error={errors.note}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" color={asking.granted ? "teal" : "red"} loading={mutation.isPending}>
            {t(asking.granted ? "consents.modal.submitGrant" : "consents.modal.submitWithdraw")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

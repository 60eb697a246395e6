import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { anonymizePerson, dataRightsKeys } from "../../api/data-rights.ts";
import { queryKeys } from "../../api/endpoints.ts";
import type { PersonDetail } from "../../api/types.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

const REASONS = ["request", "retention"] as const;

/**
 * « Anonymiser… »: says what goes and what stays, asks the reason, and makes the user type the record's
 * « Prénom Nom » before the (never undone) anonymisation.
 */
export function AnonymizeModal({
  opened,
  person,
  onClose,
}: {
  opened: boolean;
  person: PersonDetail;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("dataRights.modal.title")} size="lg">
      {opened && <AnonymizeForm person={person} onClose={onClose} />}
    </Modal>
  );
}

function AnonymizeForm({ person, onClose }: { person: PersonDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = `${person.firstName} ${person.lastName}`;
  const [reason, setReason] = useState<(typeof REASONS)[number]>("request");
  const [note, setNote] = useState("");
  const [confirmName, setConfirmName] = useState("");
  const mutation = useMutation({
    mutationFn: () => anonymizePerson(person.id, { reason, note: note.trim() || null, confirmName }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.person(person.kind, person.id) }),
        queryClient.invalidateQueries({ queryKey: dataRightsKeys.eligibility(person.id) }),
        queryClient.invalidateQueries({ queryKey: ["people"] }),
      ]);
      notifySuccess(t("dataRights.modal.done"));
      onClose();
    },
  });
  const split = mutation.error ? splitApiError(mutation.error, (field) => field === "confirmName") : null;
  const typed =
    confirmName.trim().replace(/\s+/g, " ").toLowerCase() === name.trim().replace(/\s+/g, " ").toLowerCase();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <Stack>
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          <Text size="sm">{t("dataRights.modal.warning")}</Text>
        </Alert>
        <Radio.Group
          label={t("dataRights.modal.reason")}
          value={reason}
          onChange={(value) => setReason(value as (typeof REASONS)[number])}
        >
          <Stack gap={4} mt={6}>
            {REASONS.map((value) => (
              <Radio key={value} value={value} label={t(`dataRights.modal.reasons.${value}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t("dataRights.modal.note")}
          description={t("dataRights.modal.noteHelp")}
          value={note}
          maxLength={5000}
          autosize
          minRows={2}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <TextInput
          label={t("dataRights.modal.confirmName", { name })}
          value={confirmName}
          autoComplete="off"
          onChange={(e) => setConfirmName(e.currentTarget.value)}
          error={split?.fieldErrors.confirmName}
          data-autofocus
        />
        <ErrorAlert message={split?.message ?? null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("dataRights.modal.cancel")}
          </Button>
          <Button type="submit" color="red" disabled={!typed} loading={mutation.isPending}>
            {t("dataRights.modal.confirm")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

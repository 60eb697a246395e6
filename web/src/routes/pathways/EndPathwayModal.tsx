import { Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { PATHWAY_NOTE_MAX } from "../../../../shared/pathways.ts";
import {
  endPathway,
  PATHWAY_EXIT_REASONS,
  type Pathway,
  type PathwayExitReason,
  pathwayKeys,
} from "../../api/pathways.ts";
import { DateField } from "../../components/DateField.tsx";
import { todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

/** « Clôturer » a pathway: the reason (a note with « Autre »), the last day, a word on what it means, then confirm. */
export function EndPathwayModal({
  pathway,
  personId,
  onClose,
}: {
  pathway: Pathway | null;
  personId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={pathway !== null}
      onClose={onClose}
      title={pathway ? t("pathways.endModal.title", { type: t(`pathways.type.${pathway.type}`) }) : ""}
    >
      {pathway && <EndPathwayForm pathway={pathway} personId={personId} onClose={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["exitReason", "endedOn", "note"]);

function EndPathwayForm({ pathway, personId, onClose }: { pathway: Pathway; personId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = todayIn(useTimeZone());
  const [exitReason, setExitReason] = useState<PathwayExitReason | null>(
    pathway.type === "pregnancy" ? "delivered" : null,
  );
  const [endedOn, setEndedOn] = useState<string | null>(today);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () =>
      endPathway(personId, pathway.id, {
        version: pathway.version,
        exitReason: exitReason as PathwayExitReason,
        ...(endedOn ? { endedOn } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pathwayKeys.list(personId) });
      notifySuccess(t("pathways.endModal.ended", { type: t(`pathways.type.${pathway.type}`) }));
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!exitReason) next.exitReason = t("pathways.endModal.reason");
    if (exitReason === "other" && !note.trim()) next.note = t("pathways.endModal.noteRequired");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };

  const conflict = isVersionConflict(mutation.error);
  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t("pathways.endModal.submit")}>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={conflict ? t("pathways.endModal.conflict") : alert}
          onReload={() => {
            void queryClient.invalidateQueries({ queryKey: pathwayKeys.list(personId) });
            onClose();
          }}
        />
        <Select
          label={t("pathways.endModal.reason")}
          data={PATHWAY_EXIT_REASONS.map((value) => ({ value, label: t(`pathways.exitReason.${value}`) }))}
          value={exitReason}
          onChange={(value) => {
            setExitReason(value as PathwayExitReason | null);
            setErrors((prev) => ({ ...prev, exitReason: "" }));
          }}
          error={errors.exitReason || undefined}
          required
          allowDeselect={false}
        />
        <DateField
          label={t("pathways.endModal.endedOn")}
          value={endedOn}
          onChange={(value) => {
            setEndedOn(value);
            setErrors((prev) => ({ ...prev, endedOn: "" }));
          }}
          minDate={pathway.startedOn}
          maxDate={today}
          error={errors.endedOn || undefined}
        />
        <Textarea
          label={t("pathways.endModal.note")}
          autosize
          minRows={2}
          maxLength={PATHWAY_NOTE_MAX}
          required={exitReason === "other"}
          value={note}
          onChange={(event) => {
            setNote(event.currentTarget.value);
            setErrors((prev) => ({ ...prev, note: "" }));
          }}
          error={errors.note || undefined}
        />
        <Text size="sm" c="dimmed">
          {t("pathways.endModal.confirm")}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending}>
            {t("pathways.endModal.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

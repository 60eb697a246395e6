import { Button, Group, Modal, Radio, Select, Stack, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { type DoseLine, recordDose, vaccinationKeys } from "../../api/vaccinations.ts";
import { DateField } from "../../components/DateField.tsx";
import { todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

const FIELDS = new Set(["vaccine", "dose", "givenOn", "place", "note"]);
const keyOf = (d: { vaccine: string; dose: number }) => `${d.vaccine}#${d.dose}`;

/** « Enregistrer une dose » : which dose, the day it was given (birth to today), at NEST or elsewhere, a note. */
export function RecordDoseModal({
  opened,
  personId,
  birthDate,
  doses,
  initial,
  onClose,
}: {
  opened: boolean;
  personId: string;
  birthDate: string;
  doses: DoseLine[];
  initial: DoseLine | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("vaccinations.modal.title")}>
      {opened && (
        <RecordDoseForm personId={personId} birthDate={birthDate} doses={doses} initial={initial} onClose={onClose} />
      )}
    </Modal>
  );
}

function RecordDoseForm({
  personId,
  birthDate,
  doses,
  initial,
  onClose,
}: {
  personId: string;
  birthDate: string;
  doses: DoseLine[];
  initial: DoseLine | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = todayIn(useTimeZone());
  const [dose, setDose] = useState<string | null>(initial ? keyOf(initial) : null);
  const [givenOn, setGivenOn] = useState<string | null>(today);
  const [place, setPlace] = useState<"nest" | "elsewhere">("nest");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const chosen = doses.find((d) => keyOf(d) === dose);

  const mutation = useMutation({
    mutationFn: () =>
      recordDose(personId, {
        vaccine: chosen?.vaccine ?? "",
        dose: chosen?.dose ?? 0,
        givenOn: givenOn ?? "",
        place,
        note: note.trim() || null,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: vaccinationKeys.calendar(personId) });
      notifySuccess(t("vaccinations.modal.recorded", { label: chosen?.label ?? "" }));
      onClose();
    },
    onError: (error) => {
      const fieldErrors = splitApiError(error, (f) => FIELDS.has(f)).fieldErrors;
      if (fieldErrors.vaccine) fieldErrors.dose = fieldErrors.vaccine;
      setErrors(fieldErrors);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!chosen) next.dose = t("form.required");
    if (!givenOn) next.givenOn = t("form.required");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };
  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t("vaccinations.modal.submit")}>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <Select
          label={t("vaccinations.modal.dose")}
          data={doses.map((d) => ({ value: keyOf(d), label: d.label }))}
          value={dose}
          onChange={(value) => {
            setDose(value);
            setErrors((prev) => ({ ...prev, dose: "" }));
          }}
          searchable
          required
          error={errors.dose || undefined}
        />
        <DateField
          label={t("vaccinations.modal.givenOn")}
          value={givenOn}
          onChange={(value) => {
            setGivenOn(value);
            setErrors((prev) => ({ ...prev, givenOn: "" }));
          }}
          minDate={birthDate}
          maxDate={today}
          required
          error={errors.givenOn || undefined}
        />
        <Radio.Group
          label={t("vaccinations.modal.place")}
          value={place}
          onChange={(value) => setPlace(value as "nest" | "elsewhere")}
          error={errors.place || undefined}
        >
          <Group mt={4}>
            <Radio value="nest" label={t("vaccinations.place.nest")} />
            <Radio value="elsewhere" label={t("vaccinations.place.elsewhere")} />
          </Group>
        </Radio.Group>
        <Textarea
          label={t("vaccinations.modal.note")}
          autosize
          minRows={2}
          maxLength={LIMITS.commentMax}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note || undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("vaccinations.modal.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

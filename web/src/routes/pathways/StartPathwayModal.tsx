import { Alert, Button, Group, Modal, Radio, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  DEFAULT_DUE_DATE_CONVENTION,
  ddrFromDpa,
  dpaFromDdr,
  formatGestationalAge,
  gestationalAge,
  validatePregnancyDates,
} from "../../../../shared/pregnancy.ts";
import { PATHWAY_TYPES, type PathwayType, pathwayKeys, startPathway } from "../../api/pathways.ts";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useSettingsQuery, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { PregnancyDateInput } from "./PregnancyDateInput.tsx";

/** « Démarrer un parcours »: its type, its first day, and for a pregnancy the DDR or the DPA, the other shown as computed. */
export function StartPathwayModal({
  opened,
  personId,
  openTypes,
  onClose,
}: {
  opened: boolean;
  personId: string;
  openTypes: PathwayType[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("pathways.startModal.title")}>
      {opened && <StartPathwayForm personId={personId} openTypes={openTypes} onClose={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["type", "startedOn", "ddr", "dpa"]);

function StartPathwayForm({
  personId,
  openTypes,
  onClose,
}: {
  personId: string;
  openTypes: PathwayType[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = todayIn(useTimeZone());
  const convention = useSettingsQuery().data?.settings.pregnancy.dueDateConvention ?? DEFAULT_DUE_DATE_CONVENTION;
  const [type, setType] = useState<PathwayType | null>(PATHWAY_TYPES.find((v) => !openTypes.includes(v)) ?? null);
  const [startedOn, setStartedOn] = useState<string | null>(today);
  const [known, setKnown] = useState<"ddr" | "dpa">("ddr");
  const [day, setDay] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const pregnancy = type === "pregnancy";

  const mutation = useMutation({
    mutationFn: () =>
      startPathway(personId, {
        type: type as PathwayType,
        ...(startedOn ? { startedOn } : {}),
        ...(pregnancy && day ? { [known]: day } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pathwayKeys.list(personId) });
      notifySuccess(t("pathways.startModal.started", { type: t(`pathways.type.${type}`) }));
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!type) return;
    if (pregnancy && !day) {
      setErrors({ [known]: t("pathways.startModal.dateRequired") });
      return;
    }
    setErrors({});
    mutation.reset();
    mutation.mutate();
  };

  // The other date, computed as the server will, once the typed one is acceptable.
  const acceptable = day !== null && validatePregnancyDates({ [known]: day }, today, convention).length === 0;
  const ddr = acceptable && day ? (known === "ddr" ? day : ddrFromDpa(day, convention)) : null;
  const derived = acceptable && day ? (known === "ddr" ? dpaFromDdr(day, convention) : ddr) : null;
  const age = ddr ? gestationalAge(ddr, today) : null;
  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;
  const fieldError = (field: string) => errors[field] || undefined;

  return (
    <form onSubmit={submit} noValidate aria-label={t("pathways.startModal.title")}>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <Radio.Group
          label={t("pathways.startModal.type")}
          value={type}
          onChange={(value) => {
            setType(value as PathwayType);
            setErrors({});
          }}
          error={fieldError("type")}
          required
        >
          <Stack gap={6} mt={8}>
            {PATHWAY_TYPES.map((value) => (
              <Radio
                key={value}
                value={value}
                disabled={openTypes.includes(value)}
                label={
                  openTypes.includes(value)
                    ? `${t(`pathways.type.${value}`)} (${t("pathways.startModal.alreadyOpen")})`
                    : t(`pathways.type.${value}`)
                }
              />
            ))}
          </Stack>
        </Radio.Group>
        <DateField
          label={t("pathways.startModal.startedOn")}
          value={startedOn}
          onChange={(value) => {
            setStartedOn(value);
            setErrors((prev) => ({ ...prev, startedOn: "" }));
          }}
          maxDate={today}
          error={fieldError("startedOn")}
        />
        {pregnancy && (
          <PregnancyDateInput
            known={known}
            day={day}
            today={today}
            error={fieldError(known)}
            onKnown={(value) => {
              setKnown(value);
              setDay(null);
              setErrors({});
            }}
            onDay={(value) => {
              setDay(value);
              setErrors({});
            }}
          >
            {derived && (
              <Alert color="blue" variant="light" role="status" data-testid="pathway-derived">
                <Stack gap={2}>
                  <Text size="sm" fw={600}>
                    {t(known === "ddr" ? "pathways.startModal.derivedDpa" : "pathways.startModal.derivedDdr", {
                      date: formatDate(derived),
                    })}
                  </Text>
                  {age && (
                    <Text size="sm">{t("pathways.startModal.ageToday", { age: formatGestationalAge(age) })}</Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {t("pathways.startModal.conventionUsed", {
                      convention: t(`pathways.convention.${convention}`),
                    })}
                  </Text>
                </Stack>
              </Alert>
            )}
          </PregnancyDateInput>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!type}>
            {t("pathways.startModal.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

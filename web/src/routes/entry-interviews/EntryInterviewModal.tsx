import { Button, Checkbox, Divider, Group, Modal, NativeSelect, Radio, Stack, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { ENTRY_INTERVIEW_NOTE_MAX } from "../../../../shared/entry-interviews.ts";
import type { ConsentChannel } from "../../api/consents.ts";
import { consentKeys } from "../../api/consents.ts";
import { queryKeys } from "../../api/endpoints.ts";
import {
  entryInterviewKeys,
  recordEntryInterview,
  VISIT_PURPOSES,
  type VisitPurpose,
} from "../../api/entryInterviews.ts";
import { pathwayKeys } from "../../api/pathways.ts";
import { taskKeys } from "../../api/tasks.ts";
import { todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { useListOptions } from "../../components/settingsLabels.ts";
import { NewsletterQuestion, type NewsletterWish } from "../consents/NewsletterQuestion.tsx";
import { PregnancyDateInput } from "../pathways/PregnancyDateInput.tsx";

const ProspectPicker = lazy(() => import("../people/ProspectPicker.tsx"));

/**
 * « Entretien d'entrée » (procedure 5): what the medical secretary transmits to
 * a new patient (« À transmettre ») and what she collects (« À recueillir »),
 * the visit's purpose naming the pathway to start. Opened from the entry-interview
 * task (with its visit) or from the patient page.
 */
export function EntryInterviewModal({
  personId,
  appointmentId,
  opened,
  onClose,
}: {
  personId: string | null;
  appointmentId?: string | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("entryInterview.title")} size="lg">
      {opened && personId && <EntryInterviewForm personId={personId} appointmentId={appointmentId} onClose={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set([
  "transmittedFees",
  "transmittedServices",
  "provenanceOrigin",
  "provenanceProspectId",
  "fileCompleted",
  "visitPurpose",
  "ddr",
  "dpa",
  "note",
  "newsletterChannels",
]);

function EntryInterviewForm({
  personId,
  appointmentId,
  onClose,
}: {
  personId: string;
  /** Absent: the visit of her open entry-interview task, if any (the server's default). */
  appointmentId: string | null | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = todayIn(useTimeZone());
  const { origins } = useListOptions();
  const [transmittedFees, setTransmittedFees] = useState(false);
  const [transmittedServices, setTransmittedServices] = useState(false);
  const [provenanceOrigin, setProvenanceOrigin] = useState("");
  const [provenanceProspectId, setProvenanceProspectId] = useState("");
  const [fileCompleted, setFileCompleted] = useState(false);
  const [visitPurpose, setVisitPurpose] = useState<VisitPurpose | null>(null);
  const [known, setKnown] = useState<"ddr" | "dpa">("ddr");
  const [day, setDay] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [newsletterWish, setNewsletterWish] = useState<NewsletterWish>("");
  const [newsletterChannels, setNewsletterChannels] = useState<ConsentChannel[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const pregnancy = visitPurpose === "pregnancy";

  const mutation = useMutation({
    mutationFn: () =>
      recordEntryInterview(personId, {
        ...(appointmentId !== undefined ? { appointmentId } : {}),
        transmittedFees,
        transmittedServices,
        provenanceOrigin: provenanceOrigin || null,
        provenanceProspectId: provenanceProspectId || null,
        fileCompleted,
        visitPurpose: visitPurpose as VisitPurpose,
        ...(pregnancy && day ? { [known]: day } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(newsletterWish ? { newsletterWish } : {}),
        ...(newsletterWish === "yes" ? { newsletterChannels } : {}),
      }),
    onSuccess: async (recorded) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: entryInterviewKeys.list(personId) }),
        queryClient.invalidateQueries({ queryKey: pathwayKeys.list(personId) }),
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
        queryClient.invalidateQueries({ queryKey: consentKeys.register(personId) }),
      ]);
      notifySuccess(
        recorded.pathway && recorded.pathwayStarted
          ? t("entryInterview.recordedWithPathway", { type: t(`pathways.type.${recorded.pathway.type}`) })
          : t("entryInterview.recorded"),
      );
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!visitPurpose) {
      setErrors({ visitPurpose: t("entryInterview.purposeRequired") });
      return;
    }
    if (pregnancy && !day) {
      setErrors({ [known]: t("pathways.startModal.dateRequired") });
      return;
    }
    if (newsletterWish === "yes" && newsletterChannels.length === 0) {
      setErrors({ newsletterChannels: t("consents.form.channelRequired") });
      return;
    }
    setErrors({});
    mutation.reset();
    mutation.mutate();
  };

  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;
  const fieldError = (field: string) => errors[field] || undefined;

  return (
    <form onSubmit={submit} noValidate aria-label={t("entryInterview.title")}>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <Title order={3} size="h5">
          {t("entryInterview.transmit")}
        </Title>
        <Checkbox
          label={t("entryInterview.transmittedFees")}
          checked={transmittedFees}
          onChange={(event) => setTransmittedFees(event.currentTarget.checked)}
          error={fieldError("transmittedFees")}
        />
        <Checkbox
          label={t("entryInterview.transmittedServices")}
          checked={transmittedServices}
          onChange={(event) => setTransmittedServices(event.currentTarget.checked)}
          error={fieldError("transmittedServices")}
        />
        <Divider />
        <Title order={3} size="h5">
          {t("entryInterview.collect")}
        </Title>
        <NativeSelect
          label={t("entryInterview.provenance")}
          description={t("entryInterview.provenanceHelp")}
          data={[{ value: "", label: t("entryInterview.provenanceKept") }, ...origins]}
          value={provenanceOrigin}
          onChange={(event) => setProvenanceOrigin(event.currentTarget.value)}
          error={fieldError("provenanceOrigin")}
        />
        <Suspense fallback={null}>
          <ProspectPicker
            value={provenanceProspectId}
            onChange={setProvenanceProspectId}
            error={fieldError("provenanceProspectId")}
          />
        </Suspense>
        <Checkbox
          label={t("entryInterview.fileCompleted")}
          checked={fileCompleted}
          onChange={(event) => setFileCompleted(event.currentTarget.checked)}
          error={fieldError("fileCompleted")}
        />
        <Radio.Group
          label={t("entryInterview.visitPurpose")}
          description={t("entryInterview.visitPurposeHelp")}
          value={visitPurpose}
          onChange={(value) => {
            setVisitPurpose(value as VisitPurpose);
            setErrors({});
          }}
          error={fieldError("visitPurpose")}
          required
        >
          <Stack gap={6} mt={8}>
            {VISIT_PURPOSES.map((value) => (
              <Radio
                key={value}
                value={value}
                label={value === "none" ? t("entryInterview.purposeNone") : t(`pathways.type.${value}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
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
          />
        )}
        <NewsletterQuestion
          wish={newsletterWish}
          channels={newsletterChannels}
          onWish={(value) => {
            setNewsletterWish(value);
            setErrors({});
          }}
          onChannels={setNewsletterChannels}
          error={fieldError("newsletterChannels")}
        />
        <Textarea
          label={t("entryInterview.note")}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={ENTRY_INTERVIEW_NOTE_MAX}
          autosize
          minRows={2}
          error={fieldError("note")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("entryInterview.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

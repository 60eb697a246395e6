import { Button, Checkbox, Divider, Group, Modal, Radio, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconMail } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  birthKeys,
  getPreparationCall,
  MOTHERS_GROUP_NETWORKS,
  NEWSLETTER_CHANNELS,
  PLANNED_PLACES,
  type PreparationCall,
  type PreparationCallInput,
  recordPreparationCall,
  WISH_ANSWERS,
} from "../../api/births.ts";
import { pathwayKeys } from "../../api/pathways.ts";
import { formatDateTime, useSettingsQuery, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifySuccess, PageLoader } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { SendPackButton } from "./SendPackButton.tsx";

/**
 * The 36 SA preparation call (procedure 5, « À la 36e semaine »): what to transmit, ticked; what to collect,
 * answered; the maternity bag and prices sent in one click. Saving it marks the week-36 task done.
 */
export function PreparationCallModal({
  opened,
  personId,
  pathwayId,
  onClose,
}: {
  opened: boolean;
  personId: string;
  pathwayId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("births.call.title")} size="lg">
      {opened && <Loader personId={personId} pathwayId={pathwayId} onClose={onClose} />}
    </Modal>
  );
}

function Loader({ personId, pathwayId, onClose }: { personId: string; pathwayId: string; onClose: () => void }) {
  const call = useQuery({
    queryKey: birthKeys.preparationCall(pathwayId),
    queryFn: ({ signal }) => getPreparationCall(personId, pathwayId, signal),
  });
  if (call.isPending) return <PageLoader />;
  if (call.error) return <ErrorAlert error={call.error} onRetry={() => void call.refetch()} />;
  return <PreparationCallForm personId={personId} pathwayId={pathwayId} saved={call.data.call} onClose={onClose} />;
}

const FIELDS = new Set([
  "plannedPlace",
  "plannedPlaceNote",
  "newsletterWish",
  "newsletterChannels",
  "childFollowUp",
  "note",
]);

type Wish = PreparationCallInput["newsletterWish"];

function PreparationCallForm({
  personId,
  pathwayId,
  saved,
  onClose,
}: {
  personId: string;
  pathwayId: string;
  saved: PreparationCall | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const pack = useSettingsQuery().data?.settings.documentPacks.week36 ?? [];
  const [told, setTold] = useState(saved?.told ?? { prices: false, birthClasses: false, mothersGroup: false });
  const [plannedPlace, setPlannedPlace] = useState<string>(saved?.plannedPlace ?? "");
  const [plannedPlaceNote, setPlannedPlaceNote] = useState(saved?.plannedPlaceNote ?? "");
  const [newsletterWish, setNewsletterWish] = useState<string>(saved?.newsletterWish ?? "");
  const [channels, setChannels] = useState<string[]>(saved?.newsletterChannels ?? []);
  const [networks, setNetworks] = useState<string[]>(saved?.mothersGroupNetworks ?? []);
  const [childFollowUp, setChildFollowUp] = useState<string>(saved?.childFollowUp ?? "");
  const [note, setNote] = useState(saved?.note ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () =>
      recordPreparationCall(personId, pathwayId, {
        ...(saved ? { version: saved.version } : {}),
        told,
        plannedPlace: plannedPlace as PreparationCallInput["plannedPlace"],
        ...(plannedPlace === "elsewhere" && plannedPlaceNote.trim()
          ? { plannedPlaceNote: plannedPlaceNote.trim() }
          : {}),
        newsletterWish: newsletterWish as Wish,
        newsletterChannels: (newsletterWish === "yes" ? channels : []) as PreparationCallInput["newsletterChannels"],
        mothersGroupNetworks: networks as PreparationCallInput["mothersGroupNetworks"],
        childFollowUp: childFollowUp as Wish,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: birthKeys.preparationCall(pathwayId) }),
        queryClient.invalidateQueries({ queryKey: pathwayKeys.list(personId) }),
        queryClient.invalidateQueries({ queryKey: ["tasks"] }),
      ]);
      notifySuccess(t("births.call.saved"));
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!plannedPlace) next.plannedPlace = t("births.call.answerRequired");
    if (!newsletterWish) next.newsletterWish = t("births.call.answerRequired");
    if (newsletterWish === "yes" && channels.length === 0) next.newsletterChannels = t("births.call.channelRequired");
    if (!childFollowUp) next.childFollowUp = t("births.call.answerRequired");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };
  const clear = (field: string) => setErrors((prev) => ({ ...prev, [field]: "" }));
  const conflict = isVersionConflict(mutation.error);
  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t("births.call.title")}>
      <Stack>
        {saved && (
          <Text size="sm" c="dimmed">
            {t("births.call.recordedBy", { at: formatDateTime(saved.heldAt, timeZone), by: saved.heldBy ?? "—" })}
          </Text>
        )}
        <ErrorAlert
          error={mutation.error}
          message={conflict ? t("births.call.conflict") : alert}
          onReload={() => void queryClient.invalidateQueries({ queryKey: birthKeys.preparationCall(pathwayId) })}
        />
        <Title order={3} size="h5">
          {t("births.call.toTell")}
        </Title>
        <Checkbox
          label={t("births.call.told.prices")}
          checked={told.prices}
          onChange={(e) => setTold({ ...told, prices: e.currentTarget.checked })}
        />
        <Checkbox
          label={t("births.call.told.birthClasses")}
          checked={told.birthClasses}
          onChange={(e) => setTold({ ...told, birthClasses: e.currentTarget.checked })}
        />
        <Checkbox
          label={t("births.call.told.mothersGroup")}
          checked={told.mothersGroup}
          onChange={(e) => setTold({ ...told, mothersGroup: e.currentTarget.checked })}
        />
        <Group>
          <SendPackButton
            personId={personId}
            documentIds={pack}
            label={t("births.call.sendPack")}
            icon={<IconMail size={16} />}
          />
        </Group>
        <Divider />
        <Title order={3} size="h5">
          {t("births.call.toCollect")}
        </Title>
        <AnswerRadios
          label={t("births.call.plannedPlace")}
          value={plannedPlace}
          values={PLANNED_PLACES}
          labelKey="births.plannedPlace"
          error={errors.plannedPlace}
          onChange={(value) => {
            setPlannedPlace(value);
            clear("plannedPlace");
          }}
        />
        {plannedPlace === "elsewhere" && (
          <TextInput
            label={t("births.call.plannedPlaceNote")}
            maxLength={200}
            value={plannedPlaceNote}
            onChange={(e) => setPlannedPlaceNote(e.currentTarget.value)}
            error={errors.plannedPlaceNote || undefined}
          />
        )}
        <AnswerRadios
          label={t("births.call.newsletterWish")}
          value={newsletterWish}
          values={WISH_ANSWERS}
          labelKey="births.wish"
          error={errors.newsletterWish}
          onChange={(value) => {
            setNewsletterWish(value);
            clear("newsletterWish");
          }}
        />
        {newsletterWish === "yes" && (
          <Checkbox.Group
            label={t("births.call.newsletterChannels")}
            value={channels}
            onChange={(value) => {
              setChannels(value);
              clear("newsletterChannels");
            }}
            error={errors.newsletterChannels || undefined}
            required
          >
            <Group mt={4}>
              {NEWSLETTER_CHANNELS.map((value) => (
                <Checkbox key={value} value={value} label={t(`births.channel.${value}`)} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <Checkbox.Group label={t("births.call.mothersGroup")} value={networks} onChange={setNetworks}>
          <Group mt={4}>
            {MOTHERS_GROUP_NETWORKS.map((value) => (
              <Checkbox key={value} value={value} label={t(`births.network.${value}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <AnswerRadios
          label={t("births.call.childFollowUp")}
          value={childFollowUp}
          values={WISH_ANSWERS}
          labelKey="births.wish"
          error={errors.childFollowUp}
          onChange={(value) => {
            setChildFollowUp(value);
            clear("childFollowUp");
          }}
        />
        <Textarea
          label={t("births.call.note")}
          autosize
          minRows={2}
          maxLength={5000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note || undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t(saved ? "births.call.correct" : "births.call.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One answer of the checklist, required: a radio per value, labelled `${labelKey}.${value}`. */
function AnswerRadios({
  label,
  value,
  values,
  labelKey,
  error,
  onChange,
}: {
  label: string;
  value: string;
  values: readonly string[];
  labelKey: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={label} value={value} onChange={onChange} error={error || undefined} required>
      <Group mt={4}>
        {values.map((v) => (
          <Radio key={v} value={v} label={t(`${labelKey}.${v}`)} />
        ))}
      </Group>
    </Radio.Group>
  );
}

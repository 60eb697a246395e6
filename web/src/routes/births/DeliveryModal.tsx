import { ActionIcon, Button, Group, Modal, Radio, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { BABIES_MAX } from "../../../../shared/births.ts";
import {
  birthKeys,
  DELIVERY_MODES,
  DELIVERY_PLACES,
  type RecordDeliveryInput,
  recordDelivery,
} from "../../api/births.ts";
import { pathwayKeys } from "../../api/pathways.ts";
import { DateField } from "../../components/DateField.tsx";
import { todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

interface Baby {
  firstName: string;
  lastName: string;
  sex: string;
}

/**
 * « Noter l'accouchement »: the day, where, how, the discharge if known, and each baby (twins: two). Saving
 * ends the pregnancy, starts postpartum and makes each baby a patient followed in paediatrics.
 */
export function DeliveryModal({
  opened,
  personId,
  lastName,
  pregnancyStartedOn,
  onClose,
}: {
  opened: boolean;
  personId: string;
  lastName: string;
  pregnancyStartedOn: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("births.delivery.title")} size="lg">
      {opened && <DeliveryForm personId={personId} lastName={lastName} minDay={pregnancyStartedOn} onClose={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["deliveredOn", "place", "placeNote", "mode", "dischargedOn"]);

function DeliveryForm({
  personId,
  lastName,
  minDay,
  onClose,
}: {
  personId: string;
  lastName: string;
  minDay: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = todayIn(useTimeZone());
  const [deliveredOn, setDeliveredOn] = useState<string | null>(today);
  const [place, setPlace] = useState<string>("nest");
  const [placeNote, setPlaceNote] = useState("");
  const [mode, setMode] = useState<string | null>(null);
  const [dischargedOn, setDischargedOn] = useState<string | null>(null);
  const [babies, setBabies] = useState<Baby[]>([{ firstName: "", lastName, sex: "" }]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () =>
      recordDelivery(personId, {
        deliveredOn: deliveredOn as string,
        place: place as RecordDeliveryInput["place"],
        ...(place === "elsewhere" && placeNote.trim() ? { placeNote: placeNote.trim() } : {}),
        mode: mode as RecordDeliveryInput["mode"],
        ...(dischargedOn ? { dischargedOn } : {}),
        babies: babies.map((b) => ({
          firstName: b.firstName.trim(),
          lastName: b.lastName.trim(),
          sex: b.sex as "female" | "male",
        })),
      }),
    onSuccess: async (delivery) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: birthKeys.deliveries(personId) }),
        queryClient.invalidateQueries({ queryKey: pathwayKeys.list(personId) }),
      ]);
      notifySuccess(t("births.delivery.saved", { count: delivery.children.length }));
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f) || f.startsWith("babies")).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!deliveredOn) next.deliveredOn = t("births.delivery.required");
    if (!mode) next.mode = t("births.delivery.required");
    babies.forEach((b, i) => {
      if (!b.firstName.trim()) next[`babies.${i}.firstName`] = t("births.delivery.required");
      if (!b.lastName.trim()) next[`babies.${i}.lastName`] = t("births.delivery.required");
      if (!b.sex) next[`babies.${i}.sex`] = t("births.delivery.required");
    });
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };
  const alert = mutation.error
    ? splitApiError(mutation.error, (f) => FIELDS.has(f) || f.startsWith("babies")).message
    : null;
  const setBaby = (index: number, patch: Partial<Baby>) =>
    setBabies((prev) => prev.map((b, i) => (i === index ? { ...b, ...patch } : b)));

  return (
    <form onSubmit={submit} noValidate aria-label={t("births.delivery.title")}>
      <Stack>
        <ErrorAlert error={mutation.error} message={alert} />
        <Group grow align="flex-start">
          <DateField
            label={t("births.delivery.deliveredOn")}
            value={deliveredOn}
            onChange={(value) => setDeliveredOn(value)}
            minDate={minDay ?? undefined}
            maxDate={today}
            error={errors.deliveredOn || undefined}
            required
          />
          <Select
            label={t("births.delivery.mode")}
            data={DELIVERY_MODES.map((value) => ({ value, label: t(`births.mode.${value}`) }))}
            value={mode}
            onChange={setMode}
            error={errors.mode || undefined}
            required
            allowDeselect={false}
          />
        </Group>
        <Radio.Group label={t("births.delivery.place")} value={place} onChange={setPlace} required>
          <Group mt={4}>
            {DELIVERY_PLACES.map((value) => (
              <Radio key={value} value={value} label={t(`births.place.${value}`)} />
            ))}
          </Group>
        </Radio.Group>
        {place === "elsewhere" && (
          <TextInput
            label={t("births.delivery.placeNote")}
            maxLength={200}
            value={placeNote}
            onChange={(e) => setPlaceNote(e.currentTarget.value)}
            error={errors.placeNote || undefined}
          />
        )}
        <Text fw={600} size="sm">
          {t("births.delivery.babies")}
        </Text>
        {babies.map((baby, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the babies are rows of a form, in birth order.
          <Group key={index} align="flex-end" wrap="nowrap" data-testid="baby-row">
            <TextInput
              label={t("births.delivery.firstName", { rank: index + 1 })}
              value={baby.firstName}
              maxLength={100}
              onChange={(e) => setBaby(index, { firstName: e.currentTarget.value })}
              error={errors[`babies.${index}.firstName`] || undefined}
              required
            />
            <TextInput
              label={t("births.delivery.lastName")}
              value={baby.lastName}
              maxLength={100}
              onChange={(e) => setBaby(index, { lastName: e.currentTarget.value })}
              error={errors[`babies.${index}.lastName`] || undefined}
              required
            />
            <Select
              label={t("births.delivery.sex")}
              data={[
                { value: "female", label: t("births.sex.female") },
                { value: "male", label: t("births.sex.male") },
              ]}
              value={baby.sex || null}
              onChange={(value) => setBaby(index, { sex: value ?? "" })}
              error={errors[`babies.${index}.sex`] || undefined}
              required
              allowDeselect={false}
              w={130}
            />
            {babies.length > 1 && (
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("births.delivery.removeBaby")}
                onClick={() => setBabies((prev) => prev.filter((_, i) => i !== index))}
                mb={4}
              >
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {babies.length < BABIES_MAX && (
          <Group>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() => setBabies((prev) => [...prev, { firstName: "", lastName, sex: "" }])}
            >
              {t("births.delivery.addBaby")}
            </Button>
          </Group>
        )}
        <DateField
          label={t("births.delivery.dischargedOn")}
          description={t("births.delivery.dischargedOnHelp")}
          value={dischargedOn}
          onChange={setDischargedOn}
          minDate={deliveredOn ?? undefined}
          maxDate={today}
          error={errors.dischargedOn || undefined}
        />
        <Text size="sm" c="dimmed">
          {t("births.delivery.confirm")}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("births.delivery.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

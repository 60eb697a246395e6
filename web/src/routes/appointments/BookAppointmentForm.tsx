import { Alert, Button, Group, List, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client.ts";
import { queryKeys } from "../../api/endpoints.ts";
import {
  type Appointment,
  bookAppointment,
  type Clash,
  listPractitioners,
  listRooms,
  listServices,
  schedulingKeys,
  updateAppointment,
} from "../../api/scheduling.ts";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useSettingsQuery, useTimeZone, zonedTimeToIso } from "../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";
import { DURATIONS, dayOf, formatTime, parseTime } from "./appointmentFormat.ts";

interface Values {
  site: string;
  date: string | null;
  time: string;
  duration: string;
  roomId: string | null;
  practitionerId: string | null;
  serviceId: string | null;
  reason: string;
  notes: string;
  moveReason: string;
}

/** API field → form field. */
const FIELD_OF: Record<string, keyof Values> = {
  site: "site",
  startsAt: "time",
  endsAt: "duration",
  durationMinutes: "duration",
  roomId: "roomId",
  practitionerId: "practitionerId",
  serviceId: "serviceId",
  reason: "reason",
  notes: "notes",
  moveReason: "moveReason",
};

/** Rooms, practitioners and services for the selects (cached; shared by every form). */
export function useSchedulingLists() {
  const rooms = useQuery({ queryKey: schedulingKeys.rooms, queryFn: listRooms, staleTime: 60_000 });
  const practitioners = useQuery({
    queryKey: schedulingKeys.practitioners,
    queryFn: listPractitioners,
    staleTime: 60_000,
  });
  const services = useQuery({ queryKey: schedulingKeys.services, queryFn: listServices, staleTime: 60_000 });
  return { rooms, practitioners, services };
}

/**
 * Books an appointment for a person (the person page, the guided call screen).
 * A slot already taken in the room or by the practitioner shows a "Conflit de
 * planning" warning listing the clashes, with "Réserver quand même".
 */
export function BookAppointmentForm({
  personId,
  callId,
  defaultSite,
  onBooked,
}: {
  personId: string;
  callId?: string;
  defaultSite?: string;
  onBooked?: (appointment: { id: string; startsAt: string }) => void;
}) {
  return <AppointmentForm personId={personId} callId={callId} defaultSite={defaultSite} onDone={onBooked} />;
}

/** Moves a scheduled appointment (time, room, practitioner, site) or edits its service, reason and notes. */
export function MoveAppointmentForm({
  appointment,
  onMoved,
  onCancel,
}: {
  appointment: Appointment;
  onMoved?: (appointment: { id: string; startsAt: string }) => void;
  onCancel?: () => void;
}) {
  return (
    <AppointmentForm personId={appointment.personId} appointment={appointment} onDone={onMoved} onCancel={onCancel} />
  );
}

function AppointmentForm({
  personId,
  callId,
  defaultSite,
  appointment,
  onDone,
  onCancel,
}: {
  personId: string;
  callId?: string;
  defaultSite?: string;
  appointment?: Appointment;
  onDone?: (appointment: { id: string; startsAt: string }) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const settings = useSettingsQuery();
  const sites = settings.data?.settings.sites ?? [];
  const { rooms, practitioners, services } = useSchedulingLists();

  const initial = (): Values => {
    if (appointment) {
      return {
        site: appointment.site,
        date: dayOf(appointment.startsAt, timeZone),
        time: formatTime(appointment.startsAt, timeZone),
        duration: String(Math.round((Date.parse(appointment.endsAt) - Date.parse(appointment.startsAt)) / 60_000)),
        roomId: appointment.room?.id ?? null,
        practitionerId: appointment.practitioner?.id ?? null,
        serviceId: appointment.service?.id ?? null,
        reason: appointment.reason ?? "",
        notes: appointment.notes ?? "",
        moveReason: "",
      };
    }
    return {
      site: defaultSite ?? "",
      date: todayIn(timeZone),
      time: "",
      duration: "30",
      roomId: null,
      practitionerId: null,
      serviceId: null,
      reason: "",
      notes: "",
      moveReason: "",
    };
  };
  const form = useFormState<Values>(initial);
  // The first site of the settings until another is chosen.
  const site = form.values.site || (sites[0]?.code ?? "");

  const roomOptions = useMemo(
    () =>
      (rooms.data ?? [])
        .filter((room) => room.site === site && (room.active || room.id === appointment?.room?.id))
        .map((room) => ({ value: room.id, label: room.name })),
    [rooms.data, site, appointment],
  );
  const practitionerOptions = (practitioners.data ?? [])
    .filter((p) => p.active || p.id === appointment?.practitioner?.id)
    .map((p) => ({ value: p.id, label: p.speciality ? `${p.name} (${p.speciality})` : p.name }));
  const serviceOptions = (services.data ?? [])
    .filter((s) => s.active || s.id === appointment?.service?.id)
    .map((s) => ({ value: s.id, label: s.name }));
  const durationOptions = [...new Set([...DURATIONS.map(String), form.values.duration])]
    .filter(Boolean)
    .sort((a, b) => Number(a) - Number(b))
    .map((d) => ({ value: d, label: t("appointments.form.minutes", { count: Number(d) }) }));

  const mutation = useMutation({
    mutationFn: async ({ values, acceptClash }: { values: Values; acceptClash: boolean }) => {
      const time = parseTime(values.time);
      if (!values.date || !time) throw new Error(t("appointments.form.invalidTime"));
      const startsAt = zonedTimeToIso(values.date, time.hour, time.minute, timeZone);
      const durationMinutes = Number(values.duration);
      const common = {
        site,
        roomId: values.roomId,
        practitionerId: values.practitionerId,
        serviceId: values.serviceId,
        startsAt,
        durationMinutes,
        reason: values.reason.trim() || null,
        notes: values.notes.trim() || null,
        acceptClash,
      };
      if (appointment) {
        return updateAppointment(appointment.id, {
          ...common,
          version: appointment.version,
          moveReason: values.moveReason.trim() || null,
        });
      }
      return bookAppointment({ ...common, personId, ...(callId ? { callId } : {}) });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: schedulingKeys.appointments });
      await queryClient.invalidateQueries({ queryKey: queryKeys.people });
      notifySuccess(
        t(appointment ? "appointments.form.moved" : "appointments.form.booked", {
          date: `${formatDate(dayOf(saved.startsAt, timeZone))} ${formatTime(saved.startsAt, timeZone)}`,
        }),
      );
      if (!appointment) form.reset(initial());
      onDone?.({ id: saved.id, startsAt: saved.startsAt });
    },
    onError: (error) =>
      form.setErrors(
        splitApiError(
          error,
          (field) => field in form.values,
          (field) => FIELD_OF[field] ?? field,
        ).fieldErrors,
      ),
  });

  const clashes: Clash[] =
    isApiError(mutation.error) && mutation.error.code === "appointment_clash"
      ? (((mutation.error.details as { clashes?: Clash[] } | undefined)?.clashes ?? []) as Clash[])
      : [];

  const validate = (): boolean => {
    const v = form.values;
    const errors: Record<string, string> = {};
    if (!site) errors.site = t("form.required");
    if (!v.date) errors.date = t("form.required");
    if (!v.time.trim()) errors.time = t("form.required");
    else if (!parseTime(v.time)) errors.time = t("appointments.form.invalidTime");
    if (!v.duration) errors.duration = t("form.required");
    form.setErrors(errors);
    return Object.keys(errors).length === 0;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!validate()) return;
    mutation.reset();
    mutation.mutate({ values: form.values, acceptClash: false });
  };

  const alert =
    mutation.error && clashes.length === 0
      ? splitApiError(
          mutation.error,
          (field) => field in form.values,
          (field) => FIELD_OF[field] ?? field,
        ).message
      : null;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t(appointment ? "appointments.form.moveTitle" : "appointments.form.title")}
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <Select
            label={t("appointments.fields.site")}
            required
            data={sites.map((s) => ({ value: s.code, label: s.name ? `${s.code} — ${s.name}` : s.code }))}
            value={site || null}
            onChange={(value) => {
              form.setField("site", value ?? "");
              form.setField("roomId", null);
            }}
            error={form.errors.site}
            allowDeselect={false}
          />
          <DateField
            label={t("appointments.fields.date")}
            required
            value={form.values.date}
            onChange={(value) => form.setField("date", value)}
            error={form.errors.date}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t("appointments.fields.time")}
            placeholder={t("appointments.form.timePlaceholder")}
            required
            maxLength={5}
            {...form.textProps("time")}
          />
          <Select
            label={t("appointments.fields.duration")}
            required
            data={durationOptions}
            value={form.values.duration}
            onChange={(value) => form.setField("duration", value ?? "30")}
            error={form.errors.duration}
            allowDeselect={false}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label={t("appointments.fields.room")}
            placeholder={site ? t("appointments.form.noRoom") : t("appointments.form.chooseSiteFirst")}
            data={roomOptions}
            value={form.values.roomId}
            onChange={(value) => form.setField("roomId", value)}
            error={form.errors.roomId}
            clearable
            searchable
            disabled={!site}
            nothingFoundMessage={t("appointments.form.noRoomOnSite")}
          />
          <Select
            label={t("appointments.fields.practitioner")}
            placeholder={t("appointments.form.none")}
            data={practitionerOptions}
            value={form.values.practitionerId}
            onChange={(value) => form.setField("practitionerId", value)}
            error={form.errors.practitionerId}
            clearable
            searchable
          />
        </Group>
        <Select
          label={t("appointments.fields.service")}
          placeholder={t("appointments.form.none")}
          data={serviceOptions}
          value={form.values.serviceId}
          onChange={(value) => form.setField("serviceId", value)}
          error={form.errors.serviceId}
          clearable
          searchable
        />
        <TextInput label={t("appointments.fields.reason")} maxLength={500} {...form.textProps("reason")} />
        <Textarea
          label={t("appointments.fields.notes")}
          autosize
          minRows={1}
          maxRows={5}
          value={form.values.notes}
          onChange={(event) => form.setField("notes", event.currentTarget.value)}
          error={form.errors.notes}
        />
        {appointment && (
          <TextInput label={t("appointments.fields.moveReason")} maxLength={500} {...form.textProps("moveReason")} />
        )}
        {clashes.length > 0 && (
          <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />} title={t("appointments.clash.title")}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t("appointments.clash.text", { count: clashes.length })}</Text>
              <List size="sm">
                {clashes.map((clash) => (
                  <List.Item key={clash.id}>
                    {t("appointments.clash.item", {
                      date: formatDate(dayOf(clash.startsAt, timeZone)),
                      start: formatTime(clash.startsAt, timeZone),
                      end: formatTime(clash.endsAt, timeZone),
                      person: clash.personName,
                      room: clash.room?.name ?? "—",
                      practitioner: clash.practitioner?.name ?? "—",
                    })}
                  </List.Item>
                ))}
              </List>
              <Group gap="xs">
                <Button
                  size="xs"
                  color="red"
                  loading={mutation.isPending}
                  onClick={() => mutation.mutate({ values: form.values, acceptClash: true })}
                >
                  {t("appointments.clash.force")}
                </Button>
                <Button size="xs" variant="default" onClick={() => mutation.reset()}>
                  {t("appointments.clash.changeSlot")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <ErrorAlert error={mutation.error} message={isVersionConflict(mutation.error) ? undefined : alert} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          )}
          <Button type="submit" loading={mutation.isPending && clashes.length === 0}>
            {t(appointment ? "appointments.form.moveSubmit" : "appointments.form.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Badge, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconCalendarEvent, IconCheck, IconUserOff, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { queryKeys } from "../../api/endpoints.ts";
import {
  type Appointment,
  type AppointmentStatus,
  cancelAppointment,
  markAttended,
  markNoShow,
  schedulingKeys,
} from "../../api/scheduling.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { STATUS_COLORS } from "./appointmentFormat.ts";
import { MoveAppointmentForm } from "./BookAppointmentForm.tsx";

export function AppointmentStatusBadge({ status }: { status: AppointmentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none">
      {t(`appointments.status.${status}`)}
    </Badge>
  );
}

/** Invalidates every cached appointment answer (lists, planning, person pages). */
export function useAppointmentsChanged() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: schedulingKeys.appointments });
    await queryClient.invalidateQueries({ queryKey: queryKeys.people });
  };
}

/**
 * Move / cancel / attended / no-show of a scheduled appointment. Attended and
 * no-show are offered once its start has passed; cancelling asks for a reason.
 */
export function AppointmentActions({ appointment, now = new Date() }: { appointment: Appointment; now?: Date }) {
  const { t } = useTranslation();
  const user = useUser();
  const changed = useAppointmentsChanged();
  const [moving, setMoving] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const formatDateTime = useFormatDateTime();

  const close = useMutation({
    mutationFn: (outcome: "attended" | "no_show") =>
      outcome === "attended"
        ? markAttended(appointment.id, appointment.version)
        : markNoShow(appointment.id, appointment.version),
    onSuccess: async (_saved, outcome) => {
      await changed();
      notifySuccess(
        t(outcome === "attended" ? "appointments.actions.attendedDone" : "appointments.actions.noShowDone"),
      );
    },
    onError: (error) => notifyError(error, () => void changed()),
  });

  if (!can(user.role, "appointments.write") || appointment.status !== "scheduled") return null;
  const started = Date.parse(appointment.startsAt) <= now.getTime();
  const when = formatDateTime(appointment.startsAt);
  const name = `${appointment.person.lastName} ${appointment.person.firstName}`;

  const confirm = (outcome: "attended" | "no_show") =>
    modals.openConfirmModal({
      title: t(outcome === "attended" ? "appointments.actions.attendedTitle" : "appointments.actions.noShowTitle"),
      children: (
        <Text size="sm">
          {t(outcome === "attended" ? "appointments.actions.attendedText" : "appointments.actions.noShowText", {
            name,
            date: when,
          })}
        </Text>
      ),
      labels: {
        confirm: t(outcome === "attended" ? "appointments.actions.attended" : "appointments.actions.noShow"),
        cancel: t("common.cancel"),
      },
      confirmProps: { color: outcome === "attended" ? "teal" : "orange" },
      onConfirm: () => close.mutate(outcome),
    });

  return (
    <>
      <Group gap={4}>
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconCalendarEvent size={14} />}
          onClick={() => setMoving(true)}
        >
          {t("appointments.actions.move")}
        </Button>
        <Button
          size="compact-sm"
          variant="light"
          color="red"
          leftSection={<IconX size={14} />}
          onClick={() => setCancelling(true)}
        >
          {t("appointments.actions.cancel")}
        </Button>
        {started && (
          <>
            <Button
              size="compact-sm"
              variant="light"
              color="teal"
              leftSection={<IconCheck size={14} />}
              onClick={() => confirm("attended")}
              loading={close.isPending && close.variables === "attended"}
            >
              {t("appointments.actions.attended")}
            </Button>
            <Button
              size="compact-sm"
              variant="light"
              color="orange"
              leftSection={<IconUserOff size={14} />}
              onClick={() => confirm("no_show")}
              loading={close.isPending && close.variables === "no_show"}
            >
              {t("appointments.actions.noShow")}
            </Button>
          </>
        )}
      </Group>
      <Modal opened={moving} onClose={() => setMoving(false)} title={t("appointments.form.moveTitle")} size="lg">
        {moving && (
          <MoveAppointmentForm
            appointment={appointment}
            onMoved={() => setMoving(false)}
            onCancel={() => setMoving(false)}
          />
        )}
      </Modal>
      <Modal opened={cancelling} onClose={() => setCancelling(false)} title={t("appointments.actions.cancelTitle")}>
        {cancelling && (
          <CancelForm appointment={appointment} when={when} name={name} onDone={() => setCancelling(false)} />
        )}
      </Modal>
    </>
  );
}

function CancelForm({
  appointment,
  when,
  name,
  onDone,
}: {
  appointment: Appointment;
  when: string;
  name: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const changed = useAppointmentsChanged();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => cancelAppointment(appointment.id, { version: appointment.version, reason: reason.trim() }),
    onSuccess: async () => {
      await changed();
      notifySuccess(t("appointments.actions.cancelDone"));
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t("appointments.actions.cancelReasonRequired"));
      return;
    }
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t("appointments.actions.cancelText", { name, date: when })}</Text>
        <Textarea
          label={t("appointments.actions.cancelReason")}
          required
          autosize
          minRows={2}
          maxLength={500}
          data-autofocus
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setError(null);
          }}
          error={error}
        />
        <ErrorAlert error={mutation.error} onReload={() => void changed().then(onDone)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("appointments.actions.keep")}
          </Button>
          <Button type="submit" color="red" loading={mutation.isPending}>
            {t("appointments.actions.confirmCancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

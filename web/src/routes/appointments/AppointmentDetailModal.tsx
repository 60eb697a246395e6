import { Anchor, Group, Modal, Stack, Table, Text, Timeline } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { fetchAppointment, schedulingKeys } from "../../api/scheduling.ts";
import { useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { PhoneList } from "../../components/PhoneText.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { AppointmentActions, AppointmentStatusBadge } from "./AppointmentActions.tsx";
import { formatTime } from "./appointmentFormat.ts";
import { ReminderState } from "./ReminderState.tsx";

/** An appointment opened from the planning or a list: who, where, when, its history and its actions. */
export function AppointmentDetailModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={id !== null} onClose={onClose} title={t("appointments.detail.title")} size="lg">
      {id && <AppointmentDetail id={id} />}
    </Modal>
  );
}

function AppointmentDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const timeZone = useTimeZone();
  const query = useQuery({ queryKey: schedulingKeys.appointment(id), queryFn: () => fetchAppointment(id) });
  if (query.isPending) return <PageLoader />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const a = query.data;
  const row = (label: string, value: ReactNode) => (
    <Table.Tr>
      <Table.Th w={180}>{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Anchor component={Link} to={personUrl(a.person)} fw={600}>
          {a.person.lastName} {a.person.firstName}
        </Anchor>
        <AppointmentStatusBadge status={a.status} />
      </Group>
      <Table variant="vertical" withTableBorder>
        <Table.Tbody>
          {row(t("appointments.fields.when"), `${formatDateTime(a.startsAt)} – ${formatTime(a.endsAt, timeZone)}`)}
          {row(t("appointments.fields.site"), a.site)}
          {row(t("appointments.fields.room"), a.room?.name ?? "—")}
          {row(t("appointments.fields.practitioner"), a.practitioner?.name ?? "—")}
          {row(t("appointments.fields.service"), a.service?.name ?? "—")}
          {row(t("appointments.fields.reason"), a.reason ?? "—")}
          {a.notes && row(t("appointments.fields.notes"), a.notes)}
          {row(t("appointments.fields.phones"), <PhoneList phones={a.person.phones} />)}
          {row(t("smsReminders.detailLabel"), <ReminderState appointment={a} />)}
          {a.clashAccepted &&
            row(
              t("appointments.fields.clash"),
              <Text c="red" size="sm">
                {t("appointments.detail.clashAccepted")}
              </Text>,
            )}
          {a.status === "cancelled" &&
            row(
              t("appointments.fields.cancelled"),
              t("appointments.detail.cancelledBy", {
                date: formatDateTime(a.cancelledAt),
                name: a.cancelledBy?.name ?? "—",
                reason: a.cancelReason ?? "",
              }),
            )}
        </Table.Tbody>
      </Table>
      <AppointmentActions appointment={a} />
      <Text fw={600} size="sm">
        {t("appointments.detail.history")}
      </Text>
      <Timeline bulletSize={12} lineWidth={2}>
        {(a.events ?? []).map((event) => (
          <Timeline.Item key={`${event.at}-${event.kind}`} title={t(`appointments.events.${event.kind}`)}>
            <Text size="xs" c="dimmed">
              {formatDateTime(event.at)} · {event.by?.name ?? t("appointments.detail.system")}
            </Text>
            {event.kind === "moved" && event.fromStartsAt && event.toStartsAt && (
              <Text size="sm">
                {t("appointments.detail.movedFromTo", {
                  from: formatDateTime(event.fromStartsAt),
                  to: formatDateTime(event.toStartsAt),
                })}
              </Text>
            )}
            {event.reason && <Text size="sm">{event.reason}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

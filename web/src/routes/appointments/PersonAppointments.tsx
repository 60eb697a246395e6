import { Anchor, Button, Card, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { IconCalendarPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { listAppointments, schedulingKeys } from "../../api/scheduling.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { AppointmentActions, AppointmentStatusBadge } from "./AppointmentActions.tsx";
import { AppointmentDetailModal } from "./AppointmentDetailModal.tsx";
import { BookAppointmentForm } from "./BookAppointmentForm.tsx";
import { ReminderState } from "./ReminderState.tsx";

/** The "Rendez-vous" section of a person page: their appointments, newest first, and "Prendre rendez-vous". */
export function PersonAppointments({ personId, merged = false }: { personId: string; merged?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const formatDateTime = useFormatDateTime();
  const [booking, setBooking] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const query = { personId, order: "desc" as const, pageSize: 50 };
  const appointments = useQuery({
    queryKey: schedulingKeys.appointmentList(query),
    queryFn: () => listAppointments(query),
    enabled: can(user.role, "appointments.read"),
  });
  const mayBook = can(user.role, "appointments.write") && !merged;
  if (!can(user.role, "appointments.read")) return null;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="person-appointments">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="person-appointments">
            {t("appointments.person.title")}
          </Title>
          {mayBook && (
            <Button size="sm" leftSection={<IconCalendarPlus size={16} />} onClick={() => setBooking(true)}>
              {t("appointments.person.book")}
            </Button>
          )}
        </Group>
        {appointments.isPending ? (
          <PageLoader />
        ) : appointments.error ? (
          <ErrorAlert error={appointments.error} onRetry={() => void appointments.refetch()} />
        ) : appointments.data.items.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("appointments.person.empty")}
          </Text>
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
            {appointments.data.items.map((a) => (
              <Paper key={a.id} component="li" withBorder p="xs" radius="sm">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2} miw={0}>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      fw={600}
                      ta="left"
                      onClick={() => setOpened(a.id)}
                    >
                      {formatDateTime(a.startsAt)}
                    </Anchor>
                    <Text size="sm" c="dimmed">
                      {[a.site, a.room?.name, a.practitioner?.name, a.service?.name].filter(Boolean).join(" · ")}
                    </Text>
                    {a.reason && <Text size="sm">{a.reason}</Text>}
                    {(a.status === "scheduled" || a.reminder) && <ReminderState appointment={a} />}
                    {a.status === "cancelled" && a.cancelReason && (
                      <Text size="xs" c="dimmed">
                        {t("appointments.person.cancelReason", { reason: a.cancelReason })}
                      </Text>
                    )}
                  </Stack>
                  <AppointmentStatusBadge status={a.status} />
                </Group>
                {a.status === "scheduled" && (
                  <Group mt={6}>
                    <AppointmentActions appointment={a} />
                  </Group>
                )}
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      <Modal opened={booking} onClose={() => setBooking(false)} title={t("appointments.form.title")} size="lg">
        {booking && <BookAppointmentForm personId={personId} onBooked={() => setBooking(false)} />}
      </Modal>
      <AppointmentDetailModal id={opened} onClose={() => setOpened(null)} />
    </Card>
  );
}

import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { type Appointment, listAppointments, schedulingKeys } from "../../api/scheduling.ts";
import { formatDate, todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { PhoneList } from "../../components/PhoneText.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { AppointmentDetailModal } from "./AppointmentDetailModal.tsx";
import { addDays, formatTime } from "./appointmentFormat.ts";
import { useReminderText } from "./ReminderState.tsx";

/** Reception calls these: no reminder went (no mobile, refused, failed, to check) or she asked to cancel. */
export function needsACall(a: Appointment): boolean {
  if (a.confirmation === "cancel_requested") return true;
  const status = a.reminder?.status;
  return status === undefined || ["failed", "to_check", "skipped"].includes(status);
}

/**
 * « Rappels de demain »: tomorrow's appointments (or another day's) with their reminder SMS's state,
 * so that reception calls those who could not get one (procedure 5: every appointment is reminded).
 */
export function TomorrowRemindersPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const reminderText = useReminderText();
  const [params, setParams] = useSearchParams();
  const day = params.get("date") ?? addDays(todayIn(timeZone), 1);
  const onlyToCall = params.get("vue") === "a-appeler";
  const [opened, setOpened] = useState<string | null>(null);
  const query = { from: day, to: day, status: "scheduled" as const, pageSize: 200 };
  const list = useQuery({ queryKey: schedulingKeys.appointmentList(query), queryFn: () => listAppointments(query) });
  const set = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const items = list.data?.items ?? [];
  const toCall = items.filter(needsACall);
  const shown = onlyToCall ? toCall : items;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1}>{t("smsReminders.tomorrow.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("smsReminders.tomorrow.intro")}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            variant="default"
            size="sm"
            aria-label={t("smsReminders.tomorrow.previousDay")}
            onClick={() => set("date", addDays(day, -1))}
          >
            <IconChevronLeft size={16} />
          </Button>
          <Text fw={600} miw={100} ta="center">
            {formatDate(day)}
          </Text>
          <Button
            variant="default"
            size="sm"
            aria-label={t("smsReminders.tomorrow.nextDay")}
            onClick={() => set("date", addDays(day, 1))}
          >
            <IconChevronRight size={16} />
          </Button>
        </Group>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Group justify="space-between">
            <Text data-testid="reminder-counts">
              {t("smsReminders.tomorrow.counts", {
                count: items.length,
                reminded: items.length - toCall.length,
                toCall: toCall.length,
              })}
            </Text>
            <SegmentedControl
              value={onlyToCall ? "toCall" : "all"}
              onChange={(value) => set("vue", value === "toCall" ? "a-appeler" : "tous")}
              data={[
                { value: "all", label: t("smsReminders.tomorrow.all") },
                { value: "toCall", label: t("smsReminders.tomorrow.toCall", { count: toCall.length }) },
              ]}
            />
          </Group>
          {shown.length === 0 ? (
            <Text c="dimmed">
              {onlyToCall ? t("smsReminders.tomorrow.noneToCall") : t("smsReminders.tomorrow.empty")}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("smsReminders.tomorrow.time")}</Table.Th>
                    <Table.Th>{t("smsReminders.tomorrow.person")}</Table.Th>
                    <Table.Th>{t("smsReminders.tomorrow.phones")}</Table.Th>
                    <Table.Th>{t("smsReminders.tomorrow.where")}</Table.Th>
                    <Table.Th>{t("smsReminders.tomorrow.reminder")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((a) => (
                    <Table.Tr key={a.id} data-testid="reminder-line">
                      <Table.Td>
                        <Anchor component="button" type="button" onClick={() => setOpened(a.id)} fw={600}>
                          {formatTime(a.startsAt, timeZone)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={personUrl(a.person)}>
                          {a.person.lastName} {a.person.firstName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <PhoneList phones={a.person.phones} />
                      </Table.Td>
                      <Table.Td>{[a.site, a.service?.name, a.practitioner?.name].filter(Boolean).join(" · ")}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          {needsACall(a) && (
                            <Badge color="orange" variant="light" tt="none">
                              {t("smsReminders.tomorrow.callBadge")}
                            </Badge>
                          )}
                          <Text size="sm">
                            {reminderText(a)}
                            {a.confirmation && ` · ${t(`smsReminders.confirmation.${a.confirmation}`)}`}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
      <AppointmentDetailModal id={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}

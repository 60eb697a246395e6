import { Text } from "@mantine/core";
import { IconMessage } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Appointment } from "../../api/scheduling.ts";
import { formatDateTime, useTimeZone } from "../../components/datetime.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The reminder SMS's state in words: « Rappel SMS envoyé la veille à 10:02 », « non envoyé : pas de mobile »… */
export function useReminderText(): (appointment: Pick<Appointment, "startsAt" | "status" | "reminder">) => string {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  /** « la veille à 10:02 », « le jour même à 07:30 », « le 05/12 à 10:00 » (clinic time). */
  const when = (iso: string, startsAt: string) => {
    const [day = "", time = ""] = formatDateTime(iso, timeZone).split(" ");
    const startDay = formatDateTime(startsAt, timeZone).split(" ")[0];
    const dayBefore = formatDateTime(new Date(new Date(startsAt).getTime() - DAY_MS).toISOString(), timeZone).split(
      " ",
    )[0];
    if (day === startDay) return t("smsReminders.state.sameDay", { time });
    if (day === dayBefore) return t("smsReminders.state.dayBefore", { time });
    return t("smsReminders.state.onDay", { day: day.slice(0, 5), time });
  };
  return (a) => {
    const r = a.reminder;
    if (!r) return a.status === "scheduled" ? t("smsReminders.state.planned") : t("smsReminders.state.none");
    const what = t(r.kind === "appointment_moved" ? "smsReminders.state.moveNotice" : "smsReminders.state.reminder");
    const simulated = r.simulated ? ` ${t("smsReminders.state.simulated")}` : "";
    switch (r.status) {
      case "queued":
        return t("smsReminders.state.queued", { what, when: r.nextAttemptAt ? when(r.nextAttemptAt, a.startsAt) : "" });
      case "sending":
        return t("smsReminders.state.sending", { what });
      case "sent":
        return `${t("smsReminders.state.sent", { what, when: r.sentAt ? when(r.sentAt, a.startsAt) : "" })}${simulated}`;
      case "delivered":
        return t("smsReminders.state.delivered", { what, when: r.deliveredAt ? when(r.deliveredAt, a.startsAt) : "" });
      case "failed":
        return t("smsReminders.state.failed", { what, reason: r.reason ?? "" });
      case "to_check":
        return t("smsReminders.state.toCheck", { what });
      default:
        return t("smsReminders.state.skipped", { what, reason: r.reason ?? "" });
    }
  };
}

/** One line under an appointment: its reminder's state, and the person's answer when she replied. */
export function ReminderState({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const text = useReminderText()(appointment);
  const trouble = appointment.reminder && ["failed", "to_check", "skipped"].includes(appointment.reminder.status);
  return (
    <Text size="xs" c={trouble ? "orange.8" : "dimmed"} data-testid="reminder-state">
      <IconMessage size={12} aria-hidden style={{ verticalAlign: "-1px", marginRight: 4 }} />
      {text}
      {appointment.confirmation && ` · ${t(`smsReminders.confirmation.${appointment.confirmation}`)}`}
    </Text>
  );
}

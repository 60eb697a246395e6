import { Badge, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Sms, SmsStatus } from "../../api/smsOutbox.ts";
import { useFormatDateTime } from "../../components/datetime.ts";

const STATUS_COLORS: Record<SmsStatus, string> = {
  queued: "orange",
  sending: "blue",
  sent: "teal",
  delivered: "green",
  failed: "red",
  to_check: "yellow",
  skipped: "gray",
  cancelled: "gray",
};

export function SmsStatusBadge({ status }: { status: SmsStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none">
      {t(`smsOutbox.status.${status}`)}
    </Badge>
  );
}

/**
 * An SMS's state as staff read it: the badge, « simulé » when nothing left the machine, when a waiting
 * one goes, and the reason (why skipped, cancelled, failed or to check).
 */
export function SmsState({ sms }: { sms: Sms }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  // "dd/mm/yyyy HH:mm" → "dd/mm" and "HH:mm".
  const [day = "", time = ""] = sms.nextAttemptAt ? formatDateTime(sms.nextAttemptAt).split(" ") : [];
  return (
    <Stack gap={4} align="flex-start">
      <Group gap={6}>
        <SmsStatusBadge status={sms.status} />
        {sms.simulated && (
          <Badge color="gray" variant="outline" tt="none" title={t("smsOutbox.simulatedHint")}>
            {t("smsOutbox.simulated")}
          </Badge>
        )}
      </Group>
      {sms.status === "queued" && sms.nextAttemptAt && (
        <Text size="xs" c="dimmed">
          {t("smsOutbox.leavesAt", { day: day.slice(0, 5), time })}
        </Text>
      )}
      {sms.reason && (
        <Text
          size="xs"
          c={sms.status === "failed" || sms.status === "to_check" ? "red.8" : "dimmed"}
          maw={320}
          style={{ overflowWrap: "anywhere" }}
        >
          {sms.reason}
        </Text>
      )}
    </Stack>
  );
}

/** The kind of an SMS, and the appointment it is about. */
export function SmsKindText({ sms }: { sms: Sms }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <>
      <Text size="sm">{t(`smsOutbox.kind.${sms.kind}`)}</Text>
      {sms.appointment && (
        <Text size="xs" c="dimmed">
          {t("smsOutbox.appointmentAt", { at: formatDateTime(sms.appointment.startsAt) })}
        </Text>
      )}
    </>
  );
}

/** The text of an SMS, two lines at most (the whole text on hover), with its segments and encoding. */
export function SmsText({ sms }: { sms: Sms }) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm" lineClamp={2} title={sms.text} maw={380} style={{ overflowWrap: "anywhere" }}>
        {sms.text}
      </Text>
      <Text size="xs" c="dimmed">
        {t("smsOutbox.segments", { count: sms.segments, encoding: sms.encoding })}
      </Text>
    </>
  );
}

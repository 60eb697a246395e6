import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Campaign, campaignKeys, scheduleCampaign } from "../../api/campaigns.ts";
import { formatDateTime, todayIn, useTimeZone, zonedTimeToIso } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { AudienceFigures, useAudience } from "./AudiencePanel.tsx";
import { withConflictMessage } from "./conflict.ts";
import { ScheduleField } from "./ScheduleField.tsx";

/** « YYYY-MM-DD HH:mm[:ss] » read as the clinic's wall-clock time → ISO instant. */
function clinicInstant(value: string, timeZone: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})/.exec(value);
  if (!match?.[1]) return null;
  return zonedTimeToIso(match[1], Number(match[2]), Number(match[3]), timeZone);
}

/**
 * The last step before sending (now or at a chosen time): the audience and the SMS cost once more, then
 * the server starts or schedules it.
 */
export function SendConfirmModal({
  campaign,
  mode,
  onClose,
  onReload,
}: {
  campaign: Campaign;
  mode: "now" | "schedule" | null;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const audience = useAudience(campaign);
  const [at, setAt] = useState<string | null>(null);
  const [atError, setAtError] = useState<string | undefined>();

  const schedule = useMutation({
    mutationFn: (instant: string | undefined) =>
      scheduleCampaign(campaign.id, { version: campaign.version, at: instant }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(campaignKeys.one(campaign.id), updated);
      await queryClient.invalidateQueries({ queryKey: campaignKeys.list() });
      notifySuccess(
        updated.status === "scheduled"
          ? t("campaigns.send.scheduled", { at: formatDateTime(updated.scheduledAt, timeZone) })
          : t("campaigns.send.started"),
      );
      onClose();
    },
  });

  const confirm = () => {
    if (mode === "now") {
      schedule.mutate(undefined);
      return;
    }
    const instant = at ? clinicInstant(at, timeZone) : null;
    if (!instant) {
      setAtError(t("campaigns.send.atRequired"));
      return;
    }
    // The browser's clock only screens obvious mistakes; the server decides with its own.
    if (new Date(instant).getTime() <= Date.now()) {
      setAtError(t("campaigns.send.atPast"));
      return;
    }
    schedule.mutate(instant);
  };

  const noOne = audience.data && (audience.data.email?.eligible ?? 0) + (audience.data.sms?.eligible ?? 0) === 0;

  return (
    <Modal
      opened={mode !== null}
      onClose={onClose}
      title={t(mode === "schedule" ? "campaigns.send.scheduleTitle" : "campaigns.send.nowTitle")}
      size="lg"
    >
      <Stack>
        <Text size="sm">
          {t(mode === "schedule" ? "campaigns.send.scheduleText" : "campaigns.send.nowText", { name: campaign.name })}
        </Text>
        {mode === "schedule" && (
          <ScheduleField
            value={at}
            onChange={(value) => {
              setAt(value);
              setAtError(undefined);
            }}
            minDate={todayIn(timeZone)}
            error={atError}
            description={t("campaigns.send.atHelp", { timeZone })}
          />
        )}
        {audience.data && <AudienceFigures audience={audience.data} />}
        <ErrorAlert error={audience.error} />
        {/* Scheduled, it may still find people (consents given by then): only « now » is held back. */}
        {noOne && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
            {t("campaigns.send.noOne")}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          {t("campaigns.send.reminder")}
        </Text>
        <ErrorAlert
          error={withConflictMessage(schedule.error)}
          onReload={() => {
            onClose();
            onReload();
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            color="teal"
            onClick={confirm}
            loading={schedule.isPending}
            disabled={!audience.data || (noOne && mode === "now")}
          >
            {t(mode === "schedule" ? "campaigns.send.confirmSchedule" : "campaigns.send.confirmNow")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

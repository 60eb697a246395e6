import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconClock, IconFlask, IconSend, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Campaign, campaignKeys, cancelCampaign } from "../../api/campaigns.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { withConflictMessage } from "./conflict.ts";
import { SendConfirmModal } from "./SendConfirmModal.tsx";
import { TestSendModal } from "./TestSendModal.tsx";

/** The campaign's actions: a test to oneself, sending now or at a set time, cancelling what is not gone yet. */
export function SendPanel({ campaign, dirty, onReload }: { campaign: Campaign; dirty: boolean; onReload: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [testing, setTesting] = useState(false);
  const [mode, setMode] = useState<"now" | "schedule" | null>(null);
  const editable = campaign.status === "draft" || campaign.status === "scheduled";

  return (
    <Paper withBorder p="md" component="section" aria-label={t("campaigns.send.title")}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("campaigns.send.title")}
        </Title>
        {campaign.status === "scheduled" && campaign.scheduledAt && (
          <Text size="sm" fw={500}>
            {t("campaigns.send.scheduledFor", { at: formatDateTime(campaign.scheduledAt) })}
          </Text>
        )}
        {dirty && (
          <Text size="xs" c="orange">
            {t("campaigns.send.saveFirst")}
          </Text>
        )}
        {editable && (
          <>
            <Button
              variant="light"
              leftSection={<IconFlask size={16} />}
              disabled={dirty}
              onClick={() => setTesting(true)}
            >
              {t("campaigns.test.button")}
            </Button>
            <Button color="teal" leftSection={<IconSend size={16} />} disabled={dirty} onClick={() => setMode("now")}>
              {t("campaigns.send.now")}
            </Button>
            <Button
              variant="light"
              leftSection={<IconClock size={16} />}
              disabled={dirty}
              onClick={() => setMode("schedule")}
            >
              {t(campaign.status === "scheduled" ? "campaigns.send.reschedule" : "campaigns.send.schedule")}
            </Button>
          </>
        )}
        {(campaign.status === "scheduled" || campaign.status === "sending") && (
          <CancelButton campaign={campaign} onReload={onReload} />
        )}
      </Stack>
      <TestSendModal
        key={`${campaign.id}-${testing}`}
        campaign={campaign}
        opened={testing}
        onClose={() => setTesting(false)}
      />
      <SendConfirmModal
        key={`${campaign.id}-${mode}`}
        campaign={campaign}
        mode={mode}
        onClose={() => setMode(null)}
        onReload={onReload}
      />
    </Paper>
  );
}

/** « Annuler l'envoi », after a confirmation: what the outboxes hold already still leaves. */
export function CancelButton({ campaign, onReload }: { campaign: Campaign; onReload: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => cancelCampaign(campaign.id, { version: campaign.version }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(campaignKeys.one(campaign.id), updated);
      await queryClient.invalidateQueries({ queryKey: campaignKeys.list() });
      notifySuccess(t("campaigns.cancel.done"));
    },
    onError: (error) => notifyError(withConflictMessage(error), onReload),
  });
  const confirm = () =>
    modals.openConfirmModal({
      title: t("campaigns.cancel.title"),
      children: (
        <Text size="sm">
          {t(campaign.status === "sending" ? "campaigns.cancel.textSending" : "campaigns.cancel.textScheduled", {
            name: campaign.name,
          })}
        </Text>
      ),
      labels: { confirm: t("campaigns.cancel.confirm"), cancel: t("campaigns.cancel.keep") },
      confirmProps: { color: "red" },
      onConfirm: () => cancel.mutate(),
    });
  return (
    <Button color="red" variant="light" leftSection={<IconX size={16} />} loading={cancel.isPending} onClick={confirm}>
      {t("campaigns.cancel.button")}
    </Button>
  );
}

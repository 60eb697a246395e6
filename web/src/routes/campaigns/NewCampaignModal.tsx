import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_PURPOSES,
  type CampaignChannel,
  type CampaignPurpose,
  campaignKeys,
  createCampaign,
} from "../../api/campaigns.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { SegmentField } from "./SegmentField.tsx";

const FIELDS = new Set(["name", "purpose", "channels", "segmentId"]);

/**
 * « Nouvelle campagne »: what it is and who it goes to; the draft starts with a subject and a body to
 * rewrite (the server wants each channel's texts), then the composer opens.
 */
export function NewCampaignModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const month = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "fr-FR", {
    month: "long",
    year: "numeric",
  }).format(new Date());
  const [name, setName] = useState(() => t("campaigns.new.defaultName", { month }));
  const [purpose, setPurpose] = useState<CampaignPurpose>("newsletter");
  const [channels, setChannels] = useState<CampaignChannel[]>(["email"]);
  const [segmentId, setSegmentId] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: () =>
      createCampaign({
        name: name.trim(),
        purpose,
        channels,
        segmentId: segmentId ?? "",
        emailSubject: channels.includes("email") ? name.trim() : null,
        emailMarkdown: channels.includes("email") ? t("campaigns.new.starterMarkdown") : null,
        smsText: channels.includes("sms") ? t("campaigns.new.starterSms") : null,
      }),
    onSuccess: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: campaignKeys.list() });
      onClose();
      navigate(`/newsletters/${campaign.id}`);
    },
  });
  const split = create.error ? splitApiError(create.error, (field) => FIELDS.has(field)) : null;
  const errors = split?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t("campaigns.new.title")} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("campaigns.form.name")}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-autofocus
          />
          <div>
            <Text size="sm" fw={500}>
              {t("campaigns.form.purpose")}
            </Text>
            <SegmentedControl
              value={purpose}
              onChange={(value) => setPurpose(value as CampaignPurpose)}
              data={CAMPAIGN_PURPOSES.map((value) => ({ value, label: t(`campaigns.purpose.${value}`) }))}
            />
          </div>
          <Checkbox.Group
            label={t("campaigns.form.channels")}
            description={t("campaigns.form.channelsHelp")}
            required
            value={channels}
            onChange={(value) => setChannels(value as CampaignChannel[])}
            error={errors.channels}
          >
            <Group mt="xs">
              {CAMPAIGN_CHANNELS.map((channel) => (
                <Checkbox key={channel} value={channel} label={t(`campaigns.channel.${channel}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <SegmentField value={segmentId} onChange={setSegmentId} error={errors.segmentId} />
          <ErrorAlert error={create.error} message={split?.message} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={name.trim() === "" || channels.length === 0 || segmentId === null}
            >
              {t("campaigns.new.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

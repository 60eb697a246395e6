import { Checkbox, Fieldset, Group, SegmentedControl, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_PURPOSES,
  type CampaignChannel,
  type CampaignPurpose,
} from "../../api/campaigns.ts";
import { useSettingsQuery } from "../../components/datetime.ts";
import type { FieldErrors } from "../../components/form.ts";
import { AttachmentsField } from "./AttachmentsField.tsx";
import type { CampaignFormValues } from "./campaignForm.ts";
import { EmailPreview } from "./EmailPreview.tsx";
import { MarkdownEditor } from "./MarkdownEditor.tsx";
import { SegmentField } from "./SegmentField.tsx";
import { SmsTextField } from "./SmsTextField.tsx";

/** The composer of a draft or scheduled campaign: what, to whom, and each channel's variant. */
export function Composer({
  campaignId,
  version,
  values,
  onChange,
  errors,
  dirty,
  onPreviewOpen,
}: {
  campaignId: string;
  version: number;
  values: CampaignFormValues;
  onChange: (change: Partial<CampaignFormValues>) => void;
  errors: FieldErrors;
  dirty: boolean;
  onPreviewOpen: () => void;
}) {
  const { t } = useTranslation();
  const settings = useSettingsQuery();
  const trackingAllowed = settings.data?.settings.campaigns.clickTrackingAllowed ?? false;
  const email = values.channels.includes("email");
  const sms = values.channels.includes("sms");

  return (
    <Stack>
      <Fieldset legend={t("campaigns.form.general")}>
        <Stack gap="sm">
          <TextInput
            label={t("campaigns.form.name")}
            required
            value={values.name}
            onChange={(e) => onChange({ name: e.currentTarget.value })}
            error={errors.name}
          />
          <div>
            <Text size="sm" fw={500}>
              {t("campaigns.form.purpose")}
            </Text>
            <SegmentedControl
              value={values.purpose}
              onChange={(value) => onChange({ purpose: value as CampaignPurpose })}
              data={CAMPAIGN_PURPOSES.map((value) => ({ value, label: t(`campaigns.purpose.${value}`) }))}
            />
            <Text size="xs" c="dimmed">
              {t(`campaigns.form.purposeHelp.${values.purpose}`)}
            </Text>
          </div>
          <Checkbox.Group
            label={t("campaigns.form.channels")}
            description={t("campaigns.form.channelsHelp")}
            required
            value={values.channels}
            onChange={(value) => onChange({ channels: value as CampaignChannel[] })}
            error={errors.channels}
          >
            <Group mt="xs">
              {CAMPAIGN_CHANNELS.map((channel) => (
                <Checkbox key={channel} value={channel} label={t(`campaigns.channel.${channel}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <SegmentField
            value={values.segmentId}
            onChange={(segmentId) => onChange({ segmentId })}
            error={errors.segmentId}
          />
        </Stack>
      </Fieldset>

      {email && (
        <Fieldset legend={t("campaigns.form.emailVariant")}>
          <Stack gap="sm">
            <TextInput
              label={t("campaigns.form.emailSubject")}
              required
              value={values.emailSubject}
              onChange={(e) => onChange({ emailSubject: e.currentTarget.value })}
              error={errors.emailSubject}
            />
            <MarkdownEditor
              value={values.emailMarkdown}
              onChange={(emailMarkdown) => onChange({ emailMarkdown })}
              error={errors.emailMarkdown}
              onPreviewOpen={onPreviewOpen}
              preview={<EmailPreview campaignId={campaignId} version={version} stale={dirty} />}
            />
            <AttachmentsField
              value={values.emailDocumentIds}
              onChange={(emailDocumentIds) => onChange({ emailDocumentIds })}
            />
            <Switch
              label={t("campaigns.form.trackClicks")}
              description={t(trackingAllowed ? "campaigns.form.trackClicksHelp" : "campaigns.form.trackClicksOff")}
              disabled={!trackingAllowed}
              checked={trackingAllowed && values.trackClicks}
              onChange={(e) => onChange({ trackClicks: e.currentTarget.checked })}
              error={errors.trackClicks}
            />
          </Stack>
        </Fieldset>
      )}

      {sms && (
        <Fieldset legend={t("campaigns.form.smsVariant")}>
          <SmsTextField value={values.smsText} onChange={(smsText) => onChange({ smsText })} error={errors.smsText} />
        </Fieldset>
      )}
    </Stack>
  );
}

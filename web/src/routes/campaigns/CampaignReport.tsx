import { Grid, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Campaign } from "../../api/campaigns.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { CampaignStats } from "./CampaignStats.tsx";
import { PasteTextPanel } from "./PasteTextPanel.tsx";
import { RecipientsTable } from "./RecipientsTable.tsx";
import { CancelButton } from "./SendPanel.tsx";

/** A campaign that left (or is leaving, or was cancelled): its figures, what it said, who got it. */
export function CampaignReport({ campaign, onReload }: { campaign: Campaign; onReload: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const sending = campaign.status === "sending";
  const line = (label: string, value: string | null) =>
    value ? (
      <Text size="sm">
        <Text span c="dimmed">
          {label}{" "}
        </Text>
        {value}
      </Text>
    ) : null;

  return (
    <Stack>
      <CampaignStats campaign={campaign} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <RecipientsTable campaign={campaign} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <Paper withBorder p="md" component="section" aria-label={t("campaigns.report.title")}>
              <Stack gap={4}>
                <Title order={2} size="h4">
                  {t("campaigns.report.title")}
                </Title>
                {line(t("campaigns.report.purpose"), t(`campaigns.purpose.${campaign.purpose}`))}
                {line(
                  t("campaigns.report.channels"),
                  campaign.channels.map((c) => t(`campaigns.channel.${c}`)).join(" + "),
                )}
                {line(t("campaigns.report.segment"), campaign.segmentName)}
                {campaign.channels.includes("email") && line(t("campaigns.report.subject"), campaign.emailSubject)}
                {line(t("campaigns.report.startedAt"), campaign.startedAt && formatDateTime(campaign.startedAt))}
                {line(t("campaigns.report.finishedAt"), campaign.finishedAt && formatDateTime(campaign.finishedAt))}
                {line(t("campaigns.report.cancelledAt"), campaign.cancelledAt && formatDateTime(campaign.cancelledAt))}
                {sending && (
                  <Group mt="xs">
                    <CancelButton campaign={campaign} onReload={onReload} />
                  </Group>
                )}
              </Stack>
            </Paper>
            <PasteTextPanel campaign={campaign} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

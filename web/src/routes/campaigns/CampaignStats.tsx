import { Group, Paper, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Campaign, CampaignCounts } from "../../api/campaigns.ts";
import { formatCount } from "./AudiencePanel.tsx";

type Figure = keyof Omit<CampaignCounts, "pending" | "queued" | "skipped">;

/** The figures of a campaign that left: how many, how far, what went wrong, who left the list. */
export function CampaignStats({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const stats = campaign.stats;
  const figures: Figure[] = ["recipients", "sent", "failed", "bounced", "unsubscribed"];
  if (campaign.trackClicks) figures.push("clicked");
  const share = (n: number) => (stats.recipients === 0 ? 0 : (n / stats.recipients) * 100);
  const sending = campaign.status === "sending";

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, md: figures.length }}>
        {figures.map((figure) => (
          <Paper key={figure} withBorder p="sm" data-testid={`stat-${figure}`}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(`campaigns.stats.${figure}`)}
            </Text>
            <Text fz={26} fw={700}>
              {formatCount(stats[figure])}
            </Text>
            {campaign.channels.length > 1 && (
              <Text size="xs" c="dimmed">
                {campaign.channels
                  .map(
                    (channel) =>
                      `${t(`campaigns.channel.${channel}`)} ${formatCount(stats.byChannel[channel]?.[figure] ?? 0)}`,
                  )
                  .join(" · ")}
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      <div>
        <Group justify="space-between" mb={4}>
          <Text size="sm">
            {t("campaigns.stats.progress", {
              sent: formatCount(stats.sent),
              recipients: formatCount(stats.recipients),
            })}
          </Text>
          <Text size="sm" c="dimmed">
            {t("campaigns.stats.waiting", { count: stats.pending + stats.queued })}
          </Text>
        </Group>
        {/* Sent, then failed or bounced, then skipped (cancelled, or no longer allowed when their turn came). */}
        <Progress.Root size="lg" aria-label={t("campaigns.stats.progressLabel")}>
          <Progress.Section value={share(stats.sent)} color="teal" striped={sending} animated={sending} />
          <Progress.Section value={share(stats.failed + stats.bounced)} color="red" />
          <Progress.Section value={share(stats.skipped)} color="gray" />
        </Progress.Root>
      </div>
    </Stack>
  );
}

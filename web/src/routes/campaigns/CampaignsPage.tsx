import { Anchor, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Campaign, campaignKeys, listCampaigns } from "../../api/campaigns.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { QueryTable } from "../../components/QueryTable.tsx";
import { CampaignStatusBadge } from "./CampaignStatusBadge.tsx";
import { NewCampaignModal } from "./NewCampaignModal.tsx";

/** The newsletters and offers, newest first: what each is, where it stands, how far it went. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [creating, setCreating] = useState(false);
  const campaigns = useQuery({
    queryKey: campaignKeys.list(),
    queryFn: ({ signal }) => listCampaigns(signal),
    // A campaign being sent moves on its own: the list follows it.
    refetchInterval: (query) => (query.state.data?.items.some((c) => c.status === "sending") ? 5000 : false),
  });

  /** When it left (or will leave): sent, started, scheduled, else nothing yet. */
  const when = (c: Campaign) => {
    if (c.finishedAt) return t("campaigns.list.sentAt", { at: formatDateTime(c.finishedAt) });
    if (c.startedAt) return t("campaigns.list.startedAt", { at: formatDateTime(c.startedAt) });
    if (c.scheduledAt) return t("campaigns.list.scheduledAt", { at: formatDateTime(c.scheduledAt) });
    return "—";
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("campaigns.title")}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t("campaigns.new.button")}
        </Button>
      </Group>
      <Text c="dimmed" maw={760}>
        {t("campaigns.list.intro")}
      </Text>
      <QueryTable
        state={campaigns}
        rows={campaigns.data?.items}
        minWidth={960}
        headers={[
          t("campaigns.list.name"),
          t("campaigns.list.purpose"),
          t("campaigns.list.channels"),
          t("campaigns.list.status"),
          t("campaigns.list.when"),
          t("campaigns.list.sent"),
          t("campaigns.list.unsubscribed"),
        ]}
        empty={t("campaigns.list.empty")}
        rowKey={(c) => c.id}
        renderRow={(c) => (
          <>
            <Table.Td>
              <Anchor component={Link} to={`/newsletters/${c.id}`} size="sm">
                {c.name}
              </Anchor>
              {c.segmentName && (
                <Text size="xs" c="dimmed">
                  {c.segmentName}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{t(`campaigns.purpose.${c.purpose}`)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.channels.map((channel) => t(`campaigns.channel.${channel}`)).join(" + ")}</Text>
            </Table.Td>
            <Table.Td>
              <CampaignStatusBadge status={c.status} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{when(c)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {c.status === "draft" || c.status === "scheduled"
                  ? "—"
                  : t("campaigns.list.sentOf", { sent: c.stats.sent, recipients: c.stats.recipients })}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.stats.unsubscribed}</Text>
            </Table.Td>
          </>
        )}
      />
      <NewCampaignModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

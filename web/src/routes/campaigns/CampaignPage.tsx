import { Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { campaignKeys, getCampaign } from "../../api/campaigns.ts";
import { isApiError } from "../../api/client.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { CampaignEditor } from "./CampaignEditor.tsx";
import { CampaignReport } from "./CampaignReport.tsx";
import { CampaignStatusBadge } from "./CampaignStatusBadge.tsx";
import { isEditable } from "./campaignForm.ts";

/** How often the figures are read again while the campaign is leaving (the recipients follow them). */
const SENDING_REFRESH_MS = 3000;
/** How often a scheduled campaign is read again, to see it start. */
const SCHEDULED_REFRESH_MS = 30_000;

/** One campaign: composed while a draft or scheduled, then followed as it leaves. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const campaign = useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: ({ signal }) => getCampaign(id, signal),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "sending" ? SENDING_REFRESH_MS : status === "scheduled" ? SCHEDULED_REFRESH_MS : false;
    },
  });

  const back = (
    <Anchor component={Link} to="/newsletters" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t("campaigns.title")}
      </Group>
    </Anchor>
  );
  if (campaign.isPending) return <PageLoader />;
  if (campaign.error) {
    return (
      <Stack>
        {back}
        {isApiError(campaign.error) && campaign.error.status === 404 ? (
          <Text>{t("campaigns.notFound")}</Text>
        ) : (
          <ErrorAlert error={campaign.error} onRetry={() => void campaign.refetch()} />
        )}
      </Stack>
    );
  }
  const data = campaign.data;
  const reload = async () => {
    const result = await campaign.refetch();
    return result.data ?? data;
  };

  return (
    <Stack>
      {back}
      <Group gap="sm">
        <Title order={1}>{data.name}</Title>
        <CampaignStatusBadge status={data.status} />
      </Group>
      {isEditable(data) ? (
        <CampaignEditor key={data.id} campaign={data} onReload={reload} />
      ) : (
        <CampaignReport campaign={data} onReload={() => void reload()} />
      )}
    </Stack>
  );
}

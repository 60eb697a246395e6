import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CampaignStatus } from "../../api/campaigns.ts";

const COLORS: Record<CampaignStatus, string> = {
  draft: "gray",
  scheduled: "blue",
  sending: "orange",
  sent: "teal",
  cancelled: "red",
};

/** « Brouillon », « Programmée », « En cours », « Envoyée », « Annulée ». */
export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="campaign-status">
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}

import { ActionIcon, Alert, Group, Paper, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { type Campaign, type CampaignAudience, campaignAudience, campaignKeys } from "../../api/campaigns.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";

const numbers = new Intl.NumberFormat("fr-FR");
export const formatCount = (n: number) => numbers.format(n);
export const formatFcfa = (n: number) =>
  `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 }).format(n)} FCFA`;

/** Who the saved campaign would reach if it left now (the confirmation reads the same answer). */
export function useAudience(campaign: Campaign) {
  return useQuery({
    queryKey: campaignKeys.audience(campaign.id, campaign.version),
    queryFn: ({ signal }) => campaignAudience(campaign.id, signal),
    staleTime: 30_000,
  });
}

/** « Audience »: per channel, who will receive it and who will not, and why; the SMS cost before sending. */
export function AudiencePanel({ campaign, dirty }: { campaign: Campaign; dirty: boolean }) {
  const { t } = useTranslation();
  const audience = useAudience(campaign);
  return (
    <Paper withBorder p="md" component="section" aria-label={t("campaigns.audience.title")}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t("campaigns.audience.title")}
          </Title>
          <Tooltip label={t("campaigns.audience.refresh")}>
            <ActionIcon
              variant="subtle"
              aria-label={t("campaigns.audience.refresh")}
              loading={audience.isFetching}
              onClick={() => void audience.refetch()}
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {dirty && (
          <Text size="xs" c="orange">
            {t("campaigns.audience.unsaved")}
          </Text>
        )}
        {audience.isPending ? (
          <PageLoader />
        ) : audience.error ? (
          <ErrorAlert error={audience.error} onRetry={() => void audience.refetch()} />
        ) : (
          <AudienceFigures audience={audience.data} />
        )}
      </Stack>
    </Paper>
  );
}

/** The figures, also repeated in the sending confirmation. */
export function AudienceFigures({ audience }: { audience: CampaignAudience }) {
  const { t } = useTranslation();
  const row = (label: string, value: number, strong = false) => (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={strong ? 600 : undefined}>
          {label}
        </Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm" fw={strong ? 600 : undefined}>
          {formatCount(value)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t("campaigns.audience.total", { count: audience.total, formatted: formatCount(audience.total) })}
      </Text>
      {audience.email && (
        <div data-testid="audience-email">
          <Text size="sm" fw={600}>
            {t("campaigns.channel.email")}
          </Text>
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {row(t("campaigns.audience.eligible"), audience.email.eligible, true)}
              {row(t("campaigns.audience.withoutConsent"), audience.email.withoutConsent)}
              {row(t("campaigns.audience.withoutAddress"), audience.email.withoutAddress)}
              {row(t("campaigns.audience.invalid"), audience.email.invalid)}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {audience.sms && (
        <div data-testid="audience-sms">
          <Text size="sm" fw={600}>
            {t("campaigns.channel.sms")}
          </Text>
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {row(t("campaigns.audience.eligible"), audience.sms.eligible, true)}
              {row(t("campaigns.audience.withoutConsent"), audience.sms.withoutConsent)}
              {row(t("campaigns.audience.withoutMobile"), audience.sms.withoutMobile)}
            </Table.Tbody>
          </Table>
          <Alert color="blue" p="xs" mt={4}>
            <Text size="sm">
              {t("campaigns.audience.smsCost", {
                count: audience.sms.eligible,
                segments: audience.sms.segmentsPerSms,
                encoding: audience.sms.encoding,
                cost: formatFcfa(audience.sms.costXof),
              })}
            </Text>
          </Alert>
        </div>
      )}
    </Stack>
  );
}

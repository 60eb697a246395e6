import { Group, NativeSelect, Pagination, Stack, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Campaign,
  type CampaignChannel,
  campaignKeys,
  listCampaignRecipients,
  RECIPIENT_STATUSES,
  type RecipientQuery,
  type RecipientStatus,
} from "../../api/campaigns.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { formatPhone } from "../../components/phone.ts";
import { QueryTable } from "../../components/QueryTable.tsx";

const PAGE_SIZE = 50;

/** The campaign's figures in one string: a new one means lines changed. */
const figuresStamp = (campaign: Campaign) => {
  const { byChannel: _byChannel, ...counts } = campaign.stats;
  return `${campaign.status}:${Object.values(counts).join(",")}`;
};

/**
 * Who the campaign went to, one line per person and channel, by status and channel. Read again whenever the
 * campaign's figures move (the page follows a campaign being sent).
 */
export function RecipientsTable({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [channel, setChannel] = useState<"" | CampaignChannel>("");
  const [status, setStatus] = useState<"" | RecipientStatus>("");
  const [page, setPage] = useState(1);
  const query: RecipientQuery = {
    channel: channel || undefined,
    status: status || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const recipients = useQuery({
    queryKey: [...campaignKeys.recipients(campaign.id, query), figuresStamp(campaign)],
    queryFn: ({ signal }) => listCampaignRecipients(campaign.id, query, signal),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((recipients.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack component="section" aria-label={t("campaigns.recipients.title")}>
      <Title order={2} size="h4">
        {t("campaigns.recipients.title")}
      </Title>
      <Group align="flex-end">
        <NativeSelect
          label={t("campaigns.recipients.statusFilter")}
          value={status}
          onChange={(event) => {
            setStatus(event.currentTarget.value as typeof status);
            setPage(1);
          }}
          data={[
            { value: "", label: t("campaigns.recipients.allStatuses") },
            ...RECIPIENT_STATUSES.map((value) => ({ value, label: t(`campaigns.recipientStatus.${value}`) })),
          ]}
        />
        {campaign.channels.length > 1 && (
          <NativeSelect
            label={t("campaigns.recipients.channelFilter")}
            value={channel}
            onChange={(event) => {
              setChannel(event.currentTarget.value as typeof channel);
              setPage(1);
            }}
            data={[
              { value: "", label: t("campaigns.recipients.allChannels") },
              ...campaign.channels.map((value) => ({ value, label: t(`campaigns.channel.${value}`) })),
            ]}
          />
        )}
        {recipients.data && (
          <Text size="sm" c="dimmed">
            {t("campaigns.recipients.total", { count: recipients.data.total })}
          </Text>
        )}
      </Group>
      <QueryTable
        state={recipients}
        rows={recipients.data?.items}
        minWidth={900}
        headers={[
          t("campaigns.recipients.name"),
          t("campaigns.recipients.channel"),
          t("campaigns.recipients.address"),
          t("campaigns.recipients.status"),
          t("campaigns.recipients.sentAt"),
          t("campaigns.recipients.unsubscribedAt"),
          ...(campaign.trackClicks ? [t("campaigns.recipients.clickedAt")] : []),
        ]}
        empty={t("campaigns.recipients.empty")}
        rowKey={(r) => r.id}
        renderRow={(r) => (
          <>
            <Table.Td>
              {/* No link: the line does not say whether the person is a prospect or a patient. */}
              <Text size="sm">{r.name ?? "—"}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{t(`campaigns.channel.${r.channel}`)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                {r.channel === "sms" ? formatPhone(r.address) : r.address}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{t(`campaigns.recipientStatus.${r.status}`)}</Text>
              {r.reason && (
                <Text size="xs" c="dimmed">
                  {r.reason}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.sentAt ? formatDateTime(r.sentAt) : "—"}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{r.unsubscribedAt ? formatDateTime(r.unsubscribedAt) : "—"}</Text>
            </Table.Td>
            {campaign.trackClicks && (
              <Table.Td>
                <Text size="sm">{r.firstClickedAt ? formatDateTime(r.firstClickedAt) : "—"}</Text>
              </Table.Td>
            )}
          </>
        )}
      />
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} />}
    </Stack>
  );
}

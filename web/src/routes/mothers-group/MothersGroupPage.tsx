import { Anchor, Button, Group, Select, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ageInMonths } from "../../../../shared/mothers-group.ts";
import {
  listMothersGroup,
  MEMBERSHIP_STATUSES,
  type MembershipStatus,
  MOTHERS_GROUP_NETWORKS,
  type MothersGroupItem,
  type MothersGroupNetwork,
  moderatorListUrl,
  mothersGroupKeys,
} from "../../api/mothersGroup.ts";
import { formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { PhoneList } from "../../components/PhoneText.tsx";
import { useUrlParams } from "../../components/urlParams.ts";
import { MembershipActions } from "./MembershipActions.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/**
 * The « Groupe des Mamans NEST » (procedure 5): per network, the mothers who wish to join, those invited, the
 * members and those who left, with the actions on each and the moderator's list to download.
 */
export function MothersGroupPage() {
  const { t } = useTranslation();
  const [params, update] = useUrlParams();
  const network: MothersGroupNetwork = params.get("reseau") === "facebook" ? "facebook" : "whatsapp";
  const status = (MEMBERSHIP_STATUSES as readonly string[]).includes(params.get("statut") ?? "")
    ? (params.get("statut") as MembershipStatus)
    : null;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t("mothersGroup.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("mothersGroup.intro")}
          </Text>
        </Stack>
        <Stack gap={2} align="flex-end">
          <Button
            component="a"
            href={moderatorListUrl(network)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t("mothersGroup.download")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("mothersGroup.downloadHelp")}
          </Text>
        </Stack>
      </Group>
      <Tabs value={network} onChange={(value) => update({ reseau: value === "facebook" ? "facebook" : null })}>
        <Tabs.List>
          {MOTHERS_GROUP_NETWORKS.map((n) => (
            <Tabs.Tab key={n} value={n}>
              {t(`mothersGroup.network.${n}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Select
        label={t("mothersGroup.statusFilter")}
        data={[
          { value: "", label: t("mothersGroup.allStatuses") },
          ...MEMBERSHIP_STATUSES.map((s) => ({ value: s, label: t(`mothersGroup.status.${s}`) })),
        ]}
        value={status ?? ""}
        onChange={(value) => update({ statut: value || null })}
        allowDeselect={false}
        w={240}
      />
      <MothersList network={network} status={status} />
    </Stack>
  );
}

function MothersList({ network, status }: { network: MothersGroupNetwork; status: MembershipStatus | null }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: mothersGroupKeys.list(network, status),
    queryFn: ({ signal }) => listMothersGroup(network, status, signal),
    placeholderData: keepPreviousData,
  });
  if (list.isPending) return <PageLoader />;
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const { items, total } = list.data;
  if (items.length === 0) return <Text c="dimmed">{t("mothersGroup.empty")}</Text>;
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing="xs" aria-label={t(`mothersGroup.network.${network}`)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("mothersGroup.columns.name")}</Table.Th>
              <Table.Th>{t("mothersGroup.columns.phones")}</Table.Th>
              <Table.Th>{t("mothersGroup.columns.situation")}</Table.Th>
              <Table.Th>{t("mothersGroup.columns.status")}</Table.Th>
              <Table.Th>{t("mothersGroup.columns.since")}</Table.Th>
              <Table.Th>{t("mothersGroup.columns.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <MotherRow key={item.personId} item={item} network={network} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > items.length && (
        <Text size="sm" c="dimmed">
          {t("mothersGroup.more", { shown: items.length, total })}
        </Text>
      )}
    </Stack>
  );
}

function MotherRow({ item, network }: { item: MothersGroupItem; network: MothersGroupNetwork }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const today = todayIn(useTimeZone());
  const name = `${item.lastName} ${item.firstName}`;
  const ages = item.childrenBirthDates.map((day) => {
    const months = ageInMonths(day, today);
    return months < 24
      ? t("mothersGroup.ageMonths", { count: months })
      : t("mothersGroup.ageYears", { count: Math.floor(months / 12) });
  });
  return (
    <Table.Tr data-testid="mothers-group-row">
      <Table.Td>
        <Anchor component={Link} to={`/patients/${item.personId}`} size="sm" fw={600}>
          {name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <PhoneList phones={item.phones} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          {item.dueDate && <Text size="sm">{t("mothersGroup.dueDate", { date: formatDate(item.dueDate) })}</Text>}
          {ages.length > 0 && <Text size="sm">{t("mothersGroup.children", { ages: ages.join(", ") })}</Text>}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <StatusBadge status={item.status} />
          <Text size="xs" c={item.consentToAdd ? "teal" : "dimmed"}>
            {item.consentToAdd ? t("mothersGroup.consentYes") : t("mothersGroup.consentNo")}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(item.since)}</Text>
      </Table.Td>
      <Table.Td>
        <MembershipActions
          target={{
            personId: item.personId,
            name,
            network,
            status: item.status,
            consentToAdd: item.consentToAdd,
            version: item.version,
          }}
        />
      </Table.Td>
    </Table.Tr>
  );
}

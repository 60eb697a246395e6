import "@mantine/charts/styles.css";
import { BarChart, Sparkline } from "@mantine/charts";
import {
  Anchor,
  Badge,
  Button,
  Card,
  Drawer,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowDownRight, IconArrowUpRight, IconDownload, IconMinus } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { BAND_COLORS, complianceBand, formatPercent } from "../../../../shared/compliance-band.ts";
import {
  type ComplianceShare,
  complianceKeys,
  complianceReportUrl,
  fetchCompliance,
  fetchComplianceRecords,
} from "../../api/reports.ts";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { useUrlParams } from "../../components/urlParams.ts";
import { addDays } from "../appointments/appointmentFormat.ts";
import { MothersGroupCounts } from "../mothers-group/MothersGroupCounts.tsx";

/** « 90 % » with French's no-break space before the sign (shared with the monthly PDF). */
const percent = formatPercent;

/** The month before a "YYYY-MM" month. */
function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** The last day of a "YYYY-MM" month. */
function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The procedure-compliance dashboard: for a period, one figure per procedure
 * rule (with the period before and its trend), the overdue tasks, the
 * prospects by status; every figure opens the records behind it.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [params, update] = useUrlParams();
  const from = params.get("du");
  const to = params.get("au");
  const dashboard = useQuery({
    queryKey: complianceKeys.dashboard(from, to),
    queryFn: ({ signal }) => fetchCompliance(from, to, signal),
    placeholderData: keepPreviousData,
  });
  const [open, setOpen] = useState<{ share: ComplianceShare; part: "met" | "missed" } | null>(null);
  const setPeriod = (du: string | null, au: string | null) => update({ du, au });
  const thisMonth = todayIn(timeZone).slice(0, 7);
  const lastMonth = previousMonth(thisMonth);
  const data = dashboard.data;
  const shownFrom = data?.from ?? from;
  const shownTo = data?.to ?? to;
  const month = shownFrom?.slice(0, 7) ?? thisMonth;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t("compliance.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("compliance.intro")}
          </Text>
        </Stack>
        <Group gap="xs">
          {(["pdf", "xlsx"] as const).map((format) => (
            <Button
              key={format}
              component="a"
              href={complianceReportUrl(format, month)}
              variant="default"
              leftSection={<IconDownload size={16} />}
              download
            >
              {t(`compliance.monthly.${format}`, { month: formatDate(`${month}-01`).slice(3) })}
            </Button>
          ))}
        </Group>
      </Group>

      <Group align="flex-end" gap="md">
        <DateField
          label={t("compliance.from")}
          value={shownFrom}
          onChange={(value) => value && setPeriod(value, shownTo && shownTo >= value ? shownTo : value)}
          w={160}
          clearable={false}
        />
        <DateField
          label={t("compliance.to")}
          value={shownTo}
          onChange={(value) => value && setPeriod(shownFrom, value)}
          minDate={shownFrom ?? undefined}
          maxDate={shownFrom ? addDays(shownFrom, 365) : undefined}
          w={160}
          clearable={false}
        />
        <SegmentedControl
          mb={2}
          value={from === `${lastMonth}-01` && to === lastDayOf(lastMonth) ? "last" : from ? "" : "this"}
          onChange={(value) =>
            value === "last" ? setPeriod(`${lastMonth}-01`, lastDayOf(lastMonth)) : setPeriod(null, null)
          }
          data={[
            { value: "this", label: t("compliance.thisMonth") },
            { value: "last", label: t("compliance.lastMonth") },
          ]}
        />
      </Group>

      {data?.running && (
        <Text size="sm" data-testid="compliance-running">
          <Badge color="blue" variant="light" mr="xs">
            {t("compliance.running")}
          </Badge>
          {t("compliance.runningThrough", { through: formatDate(data.through) })}
        </Text>
      )}

      {dashboard.isPending ? (
        <PageLoader />
      ) : dashboard.error ? (
        <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : data ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="compliance-shares">
            {data.shares.map((share) => (
              <ShareCard
                key={share.id}
                share={share}
                targetPercent={data.targetPercent}
                onOpen={(part) => setOpen({ share, part })}
              />
            ))}
          </SimpleGrid>

          <Card withBorder padding="md" data-testid="compliance-entry-interviews">
            <Group gap="md" align="baseline">
              <Text fw={600}>{t("entryInterview.held")}</Text>
              <Text fz="xl" fw={700}>
                {data.entryInterviews.held}
              </Text>
              <Text size="sm" c="dimmed">
                {t("entryInterview.heldPrevious", { count: data.entryInterviews.previous })}
              </Text>
            </Group>
          </Card>

          <MothersGroupCounts />

          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder>
              <Stack>
                <Title order={3}>{t("compliance.overdue.title", { count: data.overdue.total })}</Title>
                <Text size="sm" c="dimmed">
                  {t("compliance.overdue.at", { at: formatDate(data.overdue.at.slice(0, 10)) })}
                </Text>
                {data.overdue.total > 0 && (
                  <BarChart
                    h={180}
                    data={data.overdue.byRule.map((r) => ({ label: t(`rules.${r.rule}`), count: r.count }))}
                    dataKey="label"
                    series={[{ name: "count", label: t("compliance.overdue.count"), color: "red.6" }]}
                    aria-label={t("compliance.overdue.byRule")}
                  />
                )}
                <Table verticalSpacing={4} aria-label={t("compliance.overdue.byAssignee")}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("compliance.overdue.assignee")}</Table.Th>
                      <Table.Th ta="right">{t("compliance.overdue.count")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.overdue.byAssignee.map((row) => (
                      <Table.Tr key={`${row.userId}-${row.role}`}>
                        <Table.Td>{row.name}</Table.Td>
                        <Table.Td ta="right">
                          <Anchor component={Link} to="/taches?vue=all&echeance=overdue">
                            {row.count}
                          </Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {/* A trend needs two points at least: one alone draws nothing worth reading. */}
                {data.overdue.trend.length >= 2 && (
                  <Group gap="xs" align="center">
                    <Text size="xs" c="dimmed">
                      {t("compliance.trend")}
                    </Text>
                    <Sparkline
                      w={160}
                      h={40}
                      data={data.overdue.trend.map((b) => b.count)}
                      color="red.6"
                      aria-label={t("compliance.trend")}
                    />
                  </Group>
                )}
              </Stack>
            </Card>
            <Card withBorder>
              <Stack>
                <Title order={3}>{t("compliance.prospects.title", { count: data.prospects.total })}</Title>
                <BarChart
                  h={180}
                  type="stacked"
                  data={data.prospects.byTemperature.map((row) => ({
                    label: t(`people.temperature.${row.temperature}`),
                    normal: row.normal,
                    dormant: row.dormant,
                    lost: row.lost,
                  }))}
                  dataKey="label"
                  series={[
                    { name: "normal", label: t("compliance.prospects.normal"), color: "teal.6" },
                    { name: "dormant", label: t("compliance.prospects.dormant"), color: "orange.5" },
                    { name: "lost", label: t("compliance.prospects.lost"), color: "red.6" },
                  ]}
                  withLegend
                  aria-label={t("compliance.prospects.title", { count: data.prospects.total })}
                />
                <Table verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th />
                      {(["normal", "dormant", "lost"] as const).map((status) => (
                        <Table.Th key={status} ta="right">
                          {t(`compliance.prospects.${status}`)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.prospects.byTemperature.map((row) => (
                      <Table.Tr key={row.temperature}>
                        <Table.Td>{t(`people.temperature.${row.temperature}`)}</Table.Td>
                        {(["normal", "dormant", "lost"] as const).map((status) => (
                          <Table.Td key={status} ta="right">
                            <Anchor component={Link} to={`/prospects?temperature=${row.temperature}&status=${status}`}>
                              {row[status]}
                            </Anchor>
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            </Card>
          </SimpleGrid>
          <RecordsDrawer
            open={open}
            from={data.from}
            to={data.to}
            onClose={() => setOpen(null)}
            onPart={(part) => open && setOpen({ ...open, part })}
          />
        </>
      ) : null}
    </Stack>
  );
}

function ShareCard({
  share,
  targetPercent,
  onOpen,
}: {
  share: ComplianceShare;
  targetPercent: number;
  onOpen: (part: "met" | "missed") => void;
}) {
  const { t } = useTranslation();
  // Green from the clinic's target, orange within 20 points under it, red below, grey when nothing was due.
  const band = complianceBand(share.value, targetPercent, share.lowerIsBetter);
  const trendPoints = share.trend.filter((b) => b.value !== null).length;
  const delta =
    share.value !== null && share.previous.value !== null
      ? Math.round((share.value - share.previous.value) * 100)
      : null;
  const better = delta === null || delta === 0 ? null : share.lowerIsBetter ? delta < 0 : delta > 0;
  const DeltaIcon = delta === null || delta === 0 ? IconMinus : delta > 0 ? IconArrowUpRight : IconArrowDownRight;
  return (
    <Card withBorder padding="md" data-testid={`share-${share.id}`} data-band={band}>
      <Stack gap={6}>
        <Text size="xs" c="dimmed">
          {share.procedure}
        </Text>
        <Text size="sm" fw={600} mih={40}>
          {share.label}
        </Text>
        <Group justify="space-between" align="flex-end">
          <Stack gap={0}>
            <Anchor
              component="button"
              type="button"
              fz={30}
              fw={700}
              c={BAND_COLORS[band].mantine}
              onClick={() => onOpen("met")}
              data-testid="compliance-figure"
            >
              {percent(share.value)}
            </Anchor>
            {/* The band in words too: a colour alone is not read by everyone. */}
            <Text size="xs" c={BAND_COLORS[band].mantine}>
              {t(`compliance.band.${band}`, { target: percent(targetPercent / 100) })}
            </Text>
          </Stack>
          <Badge
            variant="light"
            color={better === null ? "gray" : better ? "teal" : "red"}
            leftSection={<DeltaIcon size={12} />}
            tt="none"
          >
            {t("compliance.previous", { value: percent(share.previous.value) })}
          </Badge>
        </Group>
        <Group gap={6}>
          <Text size="sm">{t("compliance.ratio", { numerator: share.numerator, denominator: share.denominator })}</Text>
          {share.denominator - share.numerator > 0 && (
            <Anchor component="button" type="button" size="sm" onClick={() => onOpen("missed")}>
              {t(share.lowerIsBetter ? "compliance.others" : "compliance.missed", {
                count: share.denominator - share.numerator,
              })}
            </Anchor>
          )}
        </Group>
        {trendPoints >= 2 && (
          <Sparkline
            h={40}
            data={share.trend.map((b) => (b.value === null ? null : Math.round(b.value * 100)))}
            connectNulls
            color={share.lowerIsBetter ? "orange.6" : "blue.6"}
            aria-label={t("compliance.trend")}
          />
        )}
      </Stack>
    </Card>
  );
}

function RecordsDrawer({
  open,
  from,
  to,
  onClose,
  onPart,
}: {
  open: { share: ComplianceShare; part: "met" | "missed" } | null;
  from: string;
  to: string;
  onClose: () => void;
  onPart: (part: "met" | "missed") => void;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const records = useQuery({
    queryKey: complianceKeys.records(open?.share.id ?? "", open?.part ?? "missed", from, to),
    queryFn: ({ signal }) => fetchComplianceRecords(open?.share.id ?? "", open?.part ?? "missed", from, to, signal),
    enabled: open !== null,
  });
  return (
    <Drawer
      opened={open !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={open?.share.label}
      aria-label={open?.share.label}
    >
      {open && (
        <Stack>
          <SegmentedControl
            value={open.part}
            onChange={(value) => onPart(value as "met" | "missed")}
            data={[
              { value: "met", label: t("compliance.drill.met", { count: open.share.numerator }) },
              {
                value: "missed",
                label: t("compliance.drill.missed", { count: open.share.denominator - open.share.numerator }),
              },
            ]}
          />
          {records.isPending ? (
            <PageLoader />
          ) : records.error ? (
            <ErrorAlert error={records.error} onRetry={() => void records.refetch()} />
          ) : (
            <>
              {records.data.total > records.data.records.length && (
                <Text size="sm" c="dimmed">
                  {t("compliance.drill.first", { shown: records.data.records.length, total: records.data.total })}
                </Text>
              )}
              <Table verticalSpacing={4} data-testid="compliance-records">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("compliance.drill.at")}</Table.Th>
                    <Table.Th>{t("compliance.drill.record")}</Table.Th>
                    <Table.Th>{t("compliance.drill.detail")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {records.data.records.map((record) => (
                    <Table.Tr key={`${record.kind}-${record.id}`}>
                      <Table.Td>{formatDateTime(record.at)}</Table.Td>
                      <Table.Td>
                        {record.person ? (
                          <Anchor component={Link} to={personUrl(record.person)} size="sm">
                            {record.person.lastName} {record.person.firstName}
                          </Anchor>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t(`compliance.drill.kinds.${record.kind}`)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{record.detail ?? "—"}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SURVEY_KINDS, type SurveyKind } from "../../../../shared/surveys.ts";
import {
  fetchSurveyResults,
  type SurveyResults,
  type SurveyResultsQuery,
  surveyKeys,
  surveyResultsXlsxUrl,
} from "../../api/surveys.ts";
import { formatDate, todayIn, useSettingsQuery, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";

type Figures = SurveyResults["total"];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthsBefore(month: string, count: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

const show = (value: number | null, suffix = "") => (value === null ? "—" : `${value}${suffix}`);

/**
 * Satisfaction results (DESIGN §2, procedure 5): response rate, average per area, NPS and comments of
 * a period of months, per month (the trend), per site and per service; the XLSX export.
 */
export function SurveyResultsPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const { data: settings } = useSettingsQuery();
  const thisMonth = todayIn(timeZone).slice(0, 7);
  const [from, setFrom] = useState(monthsBefore(thisMonth, 5));
  const [to, setTo] = useState(thisMonth);
  const [kind, setKind] = useState<SurveyKind | null>(null);
  const [site, setSite] = useState<string | null>(null);
  const valid = MONTH.test(from) && MONTH.test(to) && from <= to;
  const query: SurveyResultsQuery = { from, to, ...(kind ? { kind } : {}), ...(site ? { site } : {}) };
  const results = useQuery({
    queryKey: surveyKeys.results(query),
    queryFn: ({ signal }) => fetchSurveyResults(query, signal),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const data = results.data;

  const figureRows = (label: string, f: Figures, key: string) => (
    <Table.Tr key={key}>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">{f.responses}</Table.Td>
      <Table.Td ta="right">{show(f.responseRate, " %")}</Table.Td>
      <Table.Td ta="right">{show(f.nps)}</Table.Td>
      {data?.areas.map((a) => (
        <Table.Td key={a.code} ta="right">
          {show(f.areas[a.code] ?? null)}
        </Table.Td>
      ))}
      <Table.Td ta="right">{f.lowScores}</Table.Td>
    </Table.Tr>
  );
  const table = (title: string, rows: { label: string; figures: Figures; key: string }[]) => (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={700}>
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{t("surveys.results.responses")}</Table.Th>
              <Table.Th ta="right">{t("surveys.results.rate")}</Table.Th>
              <Table.Th ta="right">{t("surveys.results.nps")}</Table.Th>
              {data?.areas.map((a) => (
                <Table.Th key={a.code} ta="right">
                  {a.label}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t("surveys.results.low")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{rows.map((r) => figureRows(r.label, r.figures, r.key))}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );

  return (
    <Stack>
      <Title order={1}>{t("surveys.results.title")}</Title>
      <Group align="flex-end">
        <TextInput
          label={t("surveys.results.from")}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          placeholder="AAAA-MM"
          w={120}
          error={MONTH.test(from) ? undefined : t("surveys.results.monthFormat")}
        />
        <TextInput
          label={t("surveys.results.to")}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          placeholder="AAAA-MM"
          w={120}
          error={MONTH.test(to) && from <= to ? undefined : t("surveys.results.monthFormat")}
        />
        <Select
          label={t("surveys.results.kind")}
          data={SURVEY_KINDS.map((k) => ({ value: k, label: t(`surveys.kinds.${k}`) }))}
          value={kind}
          onChange={(value) => setKind(value as SurveyKind | null)}
          placeholder={t("surveys.results.all")}
          clearable
          w={220}
        />
        <Select
          label={t("surveys.results.site")}
          data={(settings?.settings.sites ?? []).map((s) => ({ value: s.code, label: s.name }))}
          value={site}
          onChange={setSite}
          placeholder={t("surveys.results.all")}
          clearable
          w={200}
        />
        <Button
          component="a"
          href={valid ? surveyResultsXlsxUrl(query) : undefined}
          variant="default"
          leftSection={<IconDownload size={16} />}
          disabled={!valid}
          download
        >
          {t("surveys.results.export")}
        </Button>
      </Group>
      <ErrorAlert error={results.error} />
      {!data && results.isPending && valid && <PageLoader />}
      {data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {[
              [t("surveys.results.responses"), String(data.total.responses)],
              [t("surveys.results.rate"), show(data.total.responseRate, " %")],
              [t("surveys.results.nps"), show(data.total.nps)],
              [t("surveys.results.low"), String(data.total.lowScores)],
            ].map(([label, value]) => (
              <Paper key={label} withBorder p="md">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fz="xl" fw={700}>
                  {value}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              {t("surveys.results.trend")}
            </Title>
            <LineChart
              h={220}
              data={data.months.map((m) => ({ month: m.month, nps: m.nps, rate: m.responseRate }))}
              dataKey="month"
              series={[
                { name: "nps", label: t("surveys.results.nps"), color: "grape.6" },
                { name: "rate", label: t("surveys.results.rate"), color: "teal.6" },
              ]}
              connectNulls
            />
          </Paper>
          {table(t("surveys.results.byMonth"), [
            ...data.months.map((m) => ({ label: m.month, figures: m, key: m.month })),
            { label: t("surveys.results.total"), figures: data.total, key: "total" },
          ])}
          {table(
            t("surveys.results.bySite"),
            data.bySite.map((s) => ({ label: s.label, figures: s, key: s.site ?? "none" })),
          )}
          {table(
            t("surveys.results.byService"),
            data.byService.map((s) => ({ label: s.label, figures: s, key: s.serviceId ?? "none" })),
          )}
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">
              {t("surveys.results.comments")}
            </Title>
            {data.comments.length === 0 && <Text c="dimmed">{t("surveys.results.noComment")}</Text>}
            <Stack gap="xs">
              {data.comments.map((c, i) => (
                // Anonymous answers have no id: the list's order is theirs.
                // biome-ignore lint/suspicious/noArrayIndexKey: comments have no stable id (anonymous answers).
                <Paper key={i} p="xs" bg="gray.0">
                  <Text size="xs" c="dimmed">
                    {formatDate(c.answeredOn)} · {t(`surveys.kinds.${c.kind}`)} ·{" "}
                    {settings?.settings.sites.find((s) => s.code === c.site)?.name ?? c.site ?? "—"}
                    {c.anonymous ? ` · ${t("surveys.form.anonymous")}` : ""}
                  </Text>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {c.comment}
                  </Text>
                </Paper>
              ))}
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}

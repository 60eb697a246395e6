import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import {
  Anchor,
  Badge,
  Button,
  Card,
  Chip,
  Group,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { CONVERSION_COHORT_DAYS, CONVERSION_COMMENTS, CONVERSION_MAX_DAYS } from "../../../../shared/reports.ts";
import {
  type ConversionComment,
  type ConversionEvidence,
  type ConversionFilter,
  type ConversionLine,
  type ConversionRate,
  conversionExportUrl,
  fetchConversion,
  fetchConversionRates,
  PAGE_SIZE,
  reportKeys,
} from "../../api/reports.ts";
import { useUser } from "../../app/session.tsx";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { PhoneText } from "../../components/PhoneText.tsx";
import { formatPercent } from "../../components/percent.ts";
import { personUrl } from "../../components/personUrl.ts";
import { useListLabels } from "../../components/settingsLabels.ts";
import { useUrlParams } from "../../components/urlParams.ts";
import { addDays } from "../appointments/appointmentFormat.ts";

/** Badge colours of the comments: conversions green, errors grey, appointments blue, the rest neutral. */
const COMMENT_COLORS: Record<ConversionComment, string> = {
  converted: "teal",
  already_patient: "gray",
  duplicate_prospect: "gray",
  upcoming_appointment: "blue",
  cancelled_appointment: "orange",
  no_show: "red",
  information_programme: "violet",
  information_quote: "violet",
  information: "violet",
  empty: "dark",
};

const percent = (value: number | null) => formatPercent(value);

/**
 * Conversion tracking (procedure 2, « Suivi de la conversion des prospects »):
 * the table of a cohort, each prospect with the comment a secretary would
 * write and what decided it; and the conversion rates of a period.
 */
export function ConversionPage() {
  const { t } = useTranslation();
  const [params, update] = useUrlParams();
  const view = params.get("vue") === "taux" ? "rates" : "table";
  const setView = (next: string | null) => update({ vue: next === "rates" ? "taux" : null }, { keepPage: true });
  return (
    <Stack>
      <Stack gap={4}>
        <Title order={1}>{t("conversion.title")}</Title>
        <Text c="dimmed" size="sm">
          {t("conversion.intro")}
        </Text>
      </Stack>
      <Tabs value={view} onChange={setView} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="table">{t("conversion.tabs.table")}</Tabs.Tab>
          <Tabs.Tab value="rates">{t("conversion.tabs.rates")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="table" pt="md">
          <ConversionTableView />
        </Tabs.Panel>
        <Tabs.Panel value="rates" pt="md">
          <ConversionRatesView />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ConversionTableView() {
  const { t } = useTranslation();
  /** The table's file is a bulk export of prospects: the viewer reads it on screen. */
  const mayExport = can(useUser().role, "prospects.export");
  const timeZone = useTimeZone();
  const [params, update] = useUrlParams();
  const cohortDay = addDays(todayIn(timeZone), -CONVERSION_COHORT_DAYS);
  const labels = useListLabels();
  const from = params.get("du") ?? cohortDay;
  const to = params.get("au") ?? from;
  const commentParam = params.get("commentaire");
  const comment = (CONVERSION_COMMENTS as readonly string[]).includes(commentParam ?? "")
    ? (commentParam as ConversionComment)
    : null;
  const page = Math.max(1, Number(params.get("page") ?? 1) || 1);
  const group = {
    origin: params.get("origine") ?? undefined,
    temperature: (params.get("temperature") as "hot" | "warm" | "cold" | null) ?? undefined,
    firstContactMonth: params.get("mois") ?? undefined,
  };
  const filter: ConversionFilter = { from, to: to < from ? from : to, comment, page, ...group };

  const table = useQuery({
    queryKey: reportKeys.conversion(filter),
    queryFn: ({ signal }) => fetchConversion(filter, signal),
    placeholderData: keepPreviousData,
  });
  const data = table.data;
  const shown = comment && data ? data.counts[comment] : (data?.total ?? 0);
  const groupLabel = group.origin
    ? group.origin === "none"
      ? t("conversion.noOrigin")
      : labels.origin(group.origin)
    : group.temperature
      ? t(`people.temperature.${group.temperature}`)
      : group.firstContactMonth
        ? formatDate(`${group.firstContactMonth}-01`).slice(3)
        : null;

  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end" gap="md">
          <DateField
            label={t("conversion.from")}
            value={from}
            onChange={(value) => value && update({ du: value, au: to < value ? value : to })}
            w={160}
            clearable={false}
          />
          <DateField
            label={t("conversion.to")}
            value={filter.to}
            onChange={(value) => value && update({ au: value })}
            minDate={from}
            maxDate={addDays(from, CONVERSION_MAX_DAYS - 1)}
            w={160}
            clearable={false}
          />
          <Button
            variant="subtle"
            mb={2}
            onClick={() =>
              update({ du: null, au: null, commentaire: null, origine: null, temperature: null, mois: null })
            }
          >
            {t("conversion.defaultCohort", { day: formatDate(cohortDay) })}
          </Button>
        </Group>
        {mayExport && (
          <Group gap="xs">
            {(["xlsx", "csv"] as const).map((format) => (
              <Button
                key={format}
                component="a"
                href={conversionExportUrl(format, filter)}
                variant="default"
                leftSection={<IconDownload size={16} />}
                download
              >
                {t(`conversion.export.${format}`)}
              </Button>
            ))}
          </Group>
        )}
      </Group>

      {groupLabel && (
        <Group gap="xs">
          <Badge variant="outline" tt="none" data-testid="conversion-group">
            {t("conversion.group", { group: groupLabel })}
          </Badge>
          <Anchor size="sm" onClick={() => update({ origine: null, temperature: null, mois: null })}>
            {t("conversion.clearGroup")}
          </Anchor>
        </Group>
      )}

      {data && (
        <Chip.Group
          value={comment ?? "all"}
          onChange={(value) => update({ commentaire: value === "all" ? null : (value as string) })}
        >
          <Group gap="xs" data-testid="conversion-counts">
            <Chip value="all" size="sm">
              {t("conversion.all", { count: data.total })}
            </Chip>
            {CONVERSION_COMMENTS.map((c) => (
              <Chip key={c} value={c} size="sm" color={COMMENT_COLORS[c]} disabled={data.counts[c] === 0}>
                {t(`conversion.comments.${c}`)} ({data.counts[c]})
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}

      {table.isPending ? (
        <PageLoader />
      ) : table.error ? (
        <ErrorAlert error={table.error} onRetry={() => void table.refetch()} />
      ) : data && shown === 0 ? (
        <Text c="dimmed" py="md" data-testid="conversion-empty">
          {from === filter.to
            ? t("conversion.emptyDay", { day: formatDate(from) })
            : t("conversion.emptyRange", { from: formatDate(from), to: formatDate(filter.to) })}
        </Text>
      ) : (
        <>
          {/* Narrow enough to fit beside the menu at 1366 px: the last column (the evidence) is never cut. */}
          <Table.ScrollContainer minWidth={960}>
            <Table striped verticalSpacing="xs" aria-label={t("conversion.tableLabel")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("conversion.columns.name")}</Table.Th>
                  <Table.Th>{t("conversion.columns.phone")}</Table.Th>
                  <Table.Th>{t("conversion.columns.birthDate")}</Table.Th>
                  <Table.Th>{t("conversion.columns.email")}</Table.Th>
                  <Table.Th>{t("conversion.columns.firstContact")}</Table.Th>
                  <Table.Th>{t("conversion.columns.origin")}</Table.Th>
                  <Table.Th>{t("conversion.columns.createdAt")}</Table.Th>
                  <Table.Th>{t("conversion.columns.comment")}</Table.Th>
                  <Table.Th>{t("conversion.columns.evidence")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data?.lines.map((line) => (
                  <ConversionRow key={line.id} line={line} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {shown > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(shown / PAGE_SIZE)}
              value={page}
              onChange={(value) => update({ page: String(value) })}
              aria-label={t("conversion.pages")}
            />
          )}
        </>
      )}
    </Stack>
  );
}

/** Where the evidence is: the matching record's page, or the prospect's own (its appointments, its timeline). */
function evidenceUrl(evidence: ConversionEvidence, line: ConversionLine): string {
  if (evidence.kind === "patient") return personUrl({ kind: "patient", id: evidence.id });
  if (evidence.kind === "prospect") return personUrl({ kind: "prospect", id: evidence.id });
  return personUrl({ kind: "prospect", id: line.id });
}

function ConversionRow({ line }: { line: ConversionLine }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.Tr data-testid="conversion-line">
      <Table.Td>
        <Anchor component={Link} to={personUrl({ kind: "prospect", id: line.id })} size="sm" fw={600}>
          {line.lastName} {line.firstName}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Stack gap={0}>
          {line.phones.map((phone) => (
            <Text key={phone} size="sm">
              <PhoneText phone={phone} />
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>{line.birthDate ? formatDate(line.birthDate) : "—"}</Table.Td>
      <Table.Td>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {line.email ?? "—"}
        </Text>
      </Table.Td>
      <Table.Td>{line.firstContactDate ? formatDate(line.firstContactDate) : "—"}</Table.Td>
      <Table.Td>{line.origin?.label ?? "—"}</Table.Td>
      <Table.Td>{formatDateTime(line.createdAt)}</Table.Td>
      <Table.Td>
        <Badge
          color={COMMENT_COLORS[line.comment]}
          variant="light"
          tt="none"
          styles={{ root: { minWidth: "max-content" }, label: { overflow: "visible" } }}
        >
          {line.commentLabel}
        </Badge>
      </Table.Td>
      <Table.Td miw={180} maw={380}>
        {line.evidence ? (
          <Anchor component={Link} to={evidenceUrl(line.evidence, line)} size="sm">
            {line.explanation}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            {t("conversion.nothingRecorded")}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ConversionRatesView() {
  const { t } = useTranslation();
  const [params, updateParams] = useUrlParams();
  const from = params.get("taux-du");
  const to = params.get("taux-au");
  const rates = useQuery({
    queryKey: reportKeys.rates(from, to),
    queryFn: ({ signal }) => fetchConversionRates(from, to, signal),
    placeholderData: keepPreviousData,
  });
  // The table's page (same address) stays as it is.
  const update = (changes: Record<string, string | null>) => updateParams(changes, { keepPage: true });
  // The period's fields stay on screen whatever the answer, so a refused period can be mended.
  const shownFrom = rates.data?.from ?? from;
  const shownTo = rates.data?.to ?? to;
  const fields = (
    <Group align="flex-end" gap="md">
      <DateField
        label={t("conversion.from")}
        value={shownFrom}
        onChange={(value) =>
          value &&
          update({
            "taux-du": value,
            "taux-au":
              shownTo && shownTo >= value && shownTo <= addDays(value, CONVERSION_MAX_DAYS - 1) ? shownTo : value,
          })
        }
        w={160}
        clearable={false}
      />
      <DateField
        label={t("conversion.to")}
        value={shownTo}
        onChange={(value) => value && update({ "taux-au": value, "taux-du": shownFrom })}
        minDate={shownFrom ?? undefined}
        maxDate={shownFrom ? addDays(shownFrom, CONVERSION_MAX_DAYS - 1) : undefined}
        w={160}
        clearable={false}
      />
      <Text size="sm" c="dimmed" mb={8}>
        {t("conversion.rates.period")}
      </Text>
    </Group>
  );
  if (rates.isPending) return <PageLoader />;
  if (rates.error)
    return (
      <Stack>
        {fields}
        <ErrorAlert error={rates.error} onRetry={() => void rates.refetch()} />
      </Stack>
    );
  const data = rates.data;
  /** The table's address for a group's figure (its lines, of one comment when given). */
  const drill = (group: Record<string, string>, comment?: ConversionComment) => {
    const query = new URLSearchParams({ du: data.from, au: data.to, ...group });
    if (comment) query.set("commentaire", comment);
    return `/suivi-conversion?${query.toString()}`;
  };
  const sections: { key: string; title: string; rows: ConversionRate[]; param: string }[] = [
    { key: "origin", title: t("conversion.rates.byOrigin"), rows: data.byOrigin, param: "origine" },
    { key: "month", title: t("conversion.rates.byMonth"), rows: data.byMonth, param: "mois" },
    { key: "temperature", title: t("conversion.rates.byTemperature"), rows: data.byTemperature, param: "temperature" },
  ];
  const series = [
    { name: "counted", label: t("conversion.rates.counted"), color: "gray.5" },
    { name: "withAppointment", label: t("conversion.rates.withAppointment"), color: "blue.6" },
    { name: "converted", label: t("conversion.rates.converted"), color: "teal.6" },
  ];
  const funnel = data.funnel;
  return (
    <Stack>
      {fields}
      <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="conversion-funnel">
        <Figure label={t("conversion.rates.prospects")} value={funnel.prospects} to={drill({})} />
        <Figure
          label={t("conversion.rates.excluded")}
          value={funnel.alreadyPatients + funnel.duplicates}
          hint={t("conversion.rates.excludedHint", {
            already: funnel.alreadyPatients,
            duplicates: funnel.duplicates,
          })}
        />
        <Figure
          label={t("conversion.rates.withAppointment")}
          value={funnel.withAppointment}
          hint={percent(funnel.appointmentRate)}
        />
        <Figure
          label={t("conversion.rates.converted")}
          value={funnel.converted}
          hint={percent(funnel.rate)}
          to={drill({}, "converted")}
        />
      </SimpleGrid>
      {sections.map((section) => (
        <Card key={section.key} withBorder>
          <Stack>
            <Title order={3}>{section.title}</Title>
            {section.rows.length === 0 ? (
              <Text c="dimmed">{t("conversion.rates.none")}</Text>
            ) : (
              <>
                <BarChart
                  h={220}
                  data={section.rows}
                  dataKey="label"
                  series={series}
                  withLegend
                  aria-label={section.title}
                />
                <Table verticalSpacing={4} aria-label={section.title}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th />
                      <Table.Th ta="right">{t("conversion.rates.prospects")}</Table.Th>
                      <Table.Th ta="right">{t("conversion.rates.excluded")}</Table.Th>
                      <Table.Th ta="right">{t("conversion.rates.withAppointment")}</Table.Th>
                      <Table.Th ta="right">{t("conversion.rates.converted")}</Table.Th>
                      <Table.Th ta="right">{t("conversion.rates.rate")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {section.rows.map((row) => (
                      <Table.Tr key={row.key}>
                        <Table.Td>{row.label}</Table.Td>
                        <Table.Td ta="right">
                          <Anchor component={Link} to={drill({ [section.param]: row.key })}>
                            {row.prospects}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">{row.alreadyPatients + row.duplicates}</Table.Td>
                        <Table.Td ta="right">
                          {row.withAppointment} ({percent(row.appointmentRate)})
                        </Table.Td>
                        <Table.Td ta="right">
                          <Anchor component={Link} to={drill({ [section.param]: row.key }, "converted")}>
                            {row.converted}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right" fw={600}>
                          {percent(row.rate)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function Figure({ label, value, hint, to }: { label: string; value: number; hint?: string; to?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {to ? (
        <Anchor component={Link} to={to} fz={28} fw={700}>
          {value}
        </Anchor>
      ) : (
        <Text fz={28} fw={700}>
          {value}
        </Text>
      )}
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

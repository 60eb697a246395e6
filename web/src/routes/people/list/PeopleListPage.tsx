import {
  Box,
  Button,
  Checkbox,
  Group,
  LoadingOverlay,
  Menu,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import {
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconColumns,
  IconDownload,
  IconPlus,
  IconSearch,
} from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ChangeEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PATHWAY_TYPES } from "../../../../../shared/pathways.ts";
import { can, exportPermission } from "../../../../../shared/permissions.ts";
import { listPeople, type PersonSort, peopleExportUrl, queryKeys } from "../../../api/endpoints.ts";
import type { PersonKind } from "../../../api/types.ts";
import { useUser } from "../../../app/session.tsx";
import { DateField } from "../../../components/DateField.tsx";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../../components/feedback.tsx";
import { useListLabels, useListOptions } from "../../../components/settingsLabels.ts";
import { STATUSES, TEMPERATURES } from "../labels.ts";
import { type Column, columnsFor } from "./columns.tsx";
import { useColumns } from "./useColumns.ts";
import { type FILTER_KEYS, PAGE_SIZES, useListParams } from "./useListParams.ts";

export function ProspectsPage() {
  return <PeopleListPage kind="prospect" />;
}

export function PatientsPage() {
  return <PeopleListPage kind="patient" />;
}

function PeopleListPage({ kind }: { kind: PersonKind }) {
  const { t } = useTranslation();
  const user = useUser();
  const formatDateTime = useFormatDateTime();
  const labels = useListLabels();
  const columns = useMemo(
    () => columnsFor(kind, { t, formatDateTime, originLabel: labels.origin }),
    [kind, t, formatDateTime, labels.origin],
  );
  const { shown, visible, toggle, reset } = useColumns(kind, columns);
  const { query, update, clearFilters, filtered } = useListParams(kind);
  const prospects = kind === "prospect";

  const list = useQuery({
    queryKey: queryKeys.personList(kind, query),
    queryFn: ({ signal }) => listPeople(kind, query, signal),
    placeholderData: keepPreviousData,
  });

  const { page: _page, cursor: _cursor, pageSize: _pageSize, ...view } = query;
  const exportUrl = (format: "xlsx" | "csv") =>
    peopleExportUrl(
      kind,
      format,
      shown.map((c) => c.key),
      view,
    );

  // Pages go by cursor (the server counts exactly up to 10,000 records only): the page number is the server's.
  const data = list.data;
  const total = data?.total ?? 0;
  const exact = data?.totalIsExact ?? true;
  const page = data?.page ?? 1;
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const from = data?.items.length ? (page - 1) * query.pageSize + 1 : 0;
  const to = data?.items.length ? from + data.items.length - 1 : 0;
  // Back to the first page when no cursor leads back (a page past the end, a link with an old page number).
  const previous = () =>
    update(data?.prevCursor ? { cursor: data.prevCursor, page: null } : { cursor: null, page: null });
  const next = () => data?.nextCursor && update({ cursor: data.nextCursor, page: null });

  const sortBy = (sort: PersonSort) => {
    if (query.sort === sort) update({ sort, order: query.order === "asc" ? "desc" : "asc" });
    // Names read best A→Z; dates newest first.
    else update({ sort, order: sort === "lastName" ? "asc" : "desc" });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t(prospects ? "nav.prospects" : "nav.patients")}</Title>
        <Group gap="xs">
          <ColumnMenu kind={kind} columns={columns} visible={visible} onToggle={toggle} onReset={reset} />
          {can(user.role, exportPermission(kind)) && (
            <Menu position="bottom-end" shadow="md" width={220}>
              <Menu.Target>
                <Button variant="default" leftSection={<IconDownload size={16} />}>
                  {t("people.list.export")}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t("people.list.exportHelp")}</Menu.Label>
                <Menu.Item component="a" href={exportUrl("xlsx")} download>
                  {t("people.list.exportXlsx")}
                </Menu.Item>
                <Menu.Item component="a" href={exportUrl("csv")} download>
                  {t("people.list.exportCsv")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          {can(user.role, "people.write") && (
            <Button
              component={Link}
              to={prospects ? "/prospects/new" : "/patients/new"}
              leftSection={<IconPlus size={16} />}
            >
              {t(prospects ? "people.new.prospectTitle" : "people.new.patientTitle")}
            </Button>
          )}
        </Group>
      </Group>

      <Filters kind={kind} query={query} update={update} clearFilters={clearFilters} filtered={filtered} />

      {list.isPending ? (
        <PageLoader />
      ) : list.error && !list.data ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Box pos="relative">
          <LoadingOverlay visible={list.isFetching && list.isPlaceholderData} overlayProps={{ blur: 1 }} />
          <Table.ScrollContainer minWidth={Math.max(700, shown.length * 130)}>
            <Table
              striped
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t(prospects ? "nav.prospects" : "nav.patients")}
            >
              <Table.Thead>
                <Table.Tr>
                  {shown.map((column) => (
                    <HeaderCell key={column.key} kind={kind} column={column} query={query} onSort={sortBy} />
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data?.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={shown.length}>
                      <Text c="dimmed">
                        {t(
                          filtered
                            ? "people.list.emptyFiltered"
                            : prospects
                              ? "people.list.emptyProspects"
                              : "people.list.emptyPatients",
                        )}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {list.data?.items.map((person) => (
                  <Table.Tr key={person.id}>
                    {shown.map((column) => (
                      <Table.Td key={column.key}>{column.render(person)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        </Box>
      )}

      {list.data && (
        <Group justify="space-between" wrap="wrap">
          <Text size="sm" c="dimmed" aria-live="polite">
            {exact
              ? t(prospects ? "people.list.countProspects" : "people.list.countPatients", { count: total, from, to })
              : t(prospects ? "people.list.countProspectsOver" : "people.list.countPatientsOver", { from, to })}
          </Text>
          <Group gap="xs">
            <NativeSelect
              size="xs"
              label={t("people.list.pageSize")}
              data={PAGE_SIZES.map(String)}
              value={String(query.pageSize)}
              onChange={(event) => update({ pageSize: event.currentTarget.value })}
              styles={{ root: { display: "flex", alignItems: "center", gap: 8 } }}
            />
            <Button size="xs" variant="default" disabled={page <= 1} onClick={previous}>
              {t("people.list.previous")}
            </Button>
            <Text size="sm">{exact ? t("people.list.pageOf", { page, pages }) : t("people.list.page", { page })}</Text>
            <Button size="xs" variant="default" disabled={!data?.nextCursor} onClick={next}>
              {t("people.list.next")}
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}

function HeaderCell({
  kind,
  column,
  query,
  onSort,
}: {
  kind: PersonKind;
  column: Column;
  query: { sort: PersonSort; order: "asc" | "desc" };
  onSort: (sort: PersonSort) => void;
}) {
  const { t } = useTranslation();
  const label = t(
    `people.columns.${kind === "patient" && column.key === "createdAt" ? "createdAtPatient" : column.key}`,
  );
  const sort = column.sort;
  if (!sort || (kind === "patient" && (sort === "temperature" || sort === "firstContactDate"))) {
    return <Table.Th style={{ whiteSpace: "nowrap" }}>{label}</Table.Th>;
  }
  const active = query.sort === sort;
  const Icon = !active ? IconArrowsSort : query.order === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th aria-sort={active ? (query.order === "asc" ? "ascending" : "descending") : "none"}>
      <UnstyledButton onClick={() => onSort(sort)} fw={700} fz="sm" style={{ whiteSpace: "nowrap" }}>
        <Group gap={4} wrap="nowrap">
          {label}
          <Icon size={14} aria-hidden color={active ? undefined : "var(--mantine-color-gray-5)"} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function ColumnMenu({
  kind,
  columns,
  visible,
  onToggle,
  onReset,
}: {
  kind: PersonKind;
  columns: readonly Column[];
  visible: Set<string>;
  onToggle: (key: Column["key"], shown: boolean) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" shadow="md" width={260} closeOnItemClick={false}>
      <Menu.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />}>
          {t("people.list.columns")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("people.list.columnsHelp")}</Menu.Label>
        <Stack gap={8} px="sm" py={6}>
          {columns.map((column) => (
            <Checkbox
              key={column.key}
              label={t(
                `people.columns.${kind === "patient" && column.key === "createdAt" ? "createdAtPatient" : column.key}`,
              )}
              checked={visible.has(column.key)}
              disabled={column.fixed}
              onChange={(event) => onToggle(column.key, event.currentTarget.checked)}
            />
          ))}
        </Stack>
        <Menu.Divider />
        <Menu.Item onClick={onReset}>{t("people.list.columnsReset")}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Filters({
  kind,
  query,
  update,
  clearFilters,
  filtered,
}: {
  kind: PersonKind;
  query: ReturnType<typeof useListParams>["query"];
  update: ReturnType<typeof useListParams>["update"];
  clearFilters: () => void;
  filtered: boolean;
}) {
  const { t } = useTranslation();
  const { origins } = useListOptions();
  const prospects = kind === "prospect";
  // The text filter is typed freely and applied after a pause.
  const [text, setText] = useState(query.q ?? "");
  const applyText = useDebouncedCallback((value: string) => update({ q: value.trim() || null }), 300);
  useEffect(() => {
    // Cleared from outside ("Effacer les filtres", back button).
    if (!query.q) setText((current) => (current.trim() ? "" : current));
  }, [query.q]);

  const all = (label: string) => ({ value: "", label });
  const yesNo = [
    all(t("people.filters.all")),
    { value: "true", label: t("people.form.yes") },
    { value: "false", label: t("people.form.no") },
  ];
  const select = (key: (typeof FILTER_KEYS)[PersonKind][number]) => ({
    value: query[key] ?? "",
    onChange: (event: ChangeEvent<HTMLSelectElement>) => update({ [key]: event.currentTarget.value || null }),
  });

  return (
    <Paper withBorder p="md" component="section" aria-label={t("people.filters.title")}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <TextInput
          label={t("people.filters.q")}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          maxLength={100}
          onChange={(event) => {
            setText(event.currentTarget.value);
            applyText(event.currentTarget.value);
          }}
        />
        {prospects && (
          <>
            <NativeSelect
              label={t("people.fields.temperature")}
              data={[
                all(t("people.filters.allFeminine")),
                ...TEMPERATURES.map((v) => ({ value: v, label: t(`people.temperature.${v}`) })),
              ]}
              {...select("temperature")}
            />
            <NativeSelect
              label={t("people.fields.status")}
              data={[
                all(t("people.filters.all")),
                ...STATUSES.map((v) => ({ value: v, label: t(`people.status.${v}`) })),
              ]}
              {...select("status")}
            />
            <NativeSelect
              label={t("people.fields.origin")}
              data={[all(t("people.filters.allFeminine")), ...origins]}
              {...select("origin")}
            />
          </>
        )}
        {!prospects && (
          <NativeSelect
            label={t("people.filters.pathway")}
            data={[
              all(t("people.filters.all")),
              ...PATHWAY_TYPES.map((v) => ({ value: v, label: t(`pathways.type.${v}`) })),
              { value: "none", label: t("people.filters.noPathway") },
              { value: "parents", label: t("people.filters.pediatricsParents") },
            ]}
            {...select("pathway")}
          />
        )}
        <DateField
          label={t("people.filters.createdFrom")}
          value={query.createdFrom ?? null}
          onChange={(value) => update({ createdFrom: value })}
          clearable
        />
        <DateField
          label={t("people.filters.createdTo")}
          value={query.createdTo ?? null}
          onChange={(value) => update({ createdTo: value })}
          clearable
        />
        {prospects && <NativeSelect label={t("people.filters.converted")} data={yesNo} {...select("converted")} />}
        <NativeSelect label={t("people.filters.possibleDuplicate")} data={yesNo} {...select("possibleDuplicate")} />
        <NativeSelect label={t("people.filters.incomplete")} data={yesNo} {...select("incomplete")} />
      </SimpleGrid>
      {filtered && (
        <Group justify="flex-end" mt="sm">
          <Button
            variant="subtle"
            size="xs"
            onClick={() => {
              setText("");
              clearFilters();
            }}
          >
            {t("people.filters.clear")}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

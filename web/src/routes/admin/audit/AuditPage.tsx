import {
  Button,
  Code,
  Group,
  Modal,
  NativeSelect,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../../shared/permissions.ts";
import { type AuditFilters, listAuditEvents, listUsers, queryKeys } from "../../../api/endpoints.ts";
import type { AuditEvent } from "../../../api/types.ts";
import { useUser } from "../../../app/session.tsx";
import { DateField } from "../../../components/DateField.tsx";
import { startOfDayIso, useFormatDateTime, useTimeZone } from "../../../components/datetime.ts";
import { QueryTable } from "../../../components/QueryTable.tsx";

/** Actions with a French label; the filter is a prefix, so "user." lists every action on users. */
const KNOWN_ACTIONS = [
  "auth.login",
  "auth.logout",
  "user.create",
  "user.update",
  "user.password_change",
  "user.password_reset",
  "api_key.create",
  "api_key.revoke",
  "settings.update",
  "person.access_export",
  "person.anonymize",
  "data_rights.retention_run",
] as const;
const ACTION_GROUPS = ["auth.", "user.", "api_key.", "settings."] as const;
const ENTITY_TYPES = ["user", "api_key", "settings", "prospect", "patient", "data_rights"] as const;

interface FilterValues {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string;
  from: string | null;
  to: string | null;
}

const EMPTY: FilterValues = { action: "", entityType: "", entityId: "", actorId: "", from: null, to: null };

/** The label at a dotted code in a nested catalogue ("user.create" → actions.user.create), if any. */
function lookup(catalogue: unknown, code: string): string | undefined {
  let node = catalogue;
  for (const part of code.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** Falls back to the raw code for actions and types the interface does not know yet. */
function useLabels() {
  const { t } = useTranslation();
  const actions = t("audit.actions", { returnObjects: true });
  const entityTypes = t("audit.entityTypes", { returnObjects: true });
  return {
    action: (code: string) => lookup(actions, code) ?? code,
    entityType: (code: string) => lookup(entityTypes, code) ?? code,
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const user = useUser();
  const timeZone = useTimeZone();
  const formatDateTime = useFormatDateTime();
  const labels = useLabels();
  const [filters, setFilters] = useState<FilterValues>(EMPTY);
  const [details, setDetails] = useState<AuditEvent | null>(null);
  const [debouncedEntityId] = useDebouncedValue(filters.entityId.trim(), 400);

  // The author list comes from the users API; without that permission the filter is not offered.
  const mayListUsers = can(user.role, "users.manage");
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers, enabled: mayListUsers });

  const query: AuditFilters = useMemo(() => {
    const q: AuditFilters = {};
    if (filters.action) q.action = filters.action;
    if (filters.entityType) q.entityType = filters.entityType;
    if (debouncedEntityId) q.entityId = debouncedEntityId;
    if (filters.actorId) q.actorId = filters.actorId;
    // "Du" starts at midnight of that day and "Au" includes its whole day, in the clinic's time zone.
    if (filters.from) q.from = startOfDayIso(filters.from, timeZone);
    if (filters.to) q.to = startOfDayIso(filters.to, timeZone, 1);
    return q;
  }, [filters.action, filters.entityType, debouncedEntityId, filters.actorId, filters.from, filters.to, timeZone]);

  const events = useInfiniteQuery({
    queryKey: queryKeys.audit(query),
    queryFn: ({ pageParam, signal }) => listAuditEvents(query, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });

  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  const set = <K extends keyof FilterValues>(key: K, value: FilterValues[K]) =>
    setFilters((prev) => ({ ...prev, [key]: value }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY);

  const actionOptions = [
    { value: "", label: t("audit.allActions") },
    ...ACTION_GROUPS.map((prefix) => ({ value: prefix, label: t(`audit.actionGroups.${prefix.slice(0, -1)}`) })),
    ...KNOWN_ACTIONS.map((code) => ({ value: code, label: labels.action(code) })),
  ];
  const entityOptions = [
    { value: "", label: t("audit.allEntityTypes") },
    ...ENTITY_TYPES.map((code) => ({ value: code, label: labels.entityType(code) })),
  ];
  const actorOptions = [
    { value: "", label: t("audit.allActors") },
    ...(users.data ?? []).map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName} (${u.email})` })),
  ];

  return (
    <Stack>
      <Title order={1}>{t("audit.title")}</Title>

      <Paper withBorder p="md" component="section" aria-label={t("audit.filters")}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <NativeSelect
            label={t("audit.action")}
            data={actionOptions}
            value={filters.action}
            onChange={(e) => set("action", e.currentTarget.value)}
          />
          <NativeSelect
            label={t("audit.entityType")}
            data={entityOptions}
            value={filters.entityType}
            onChange={(e) => set("entityType", e.currentTarget.value)}
          />
          <TextInput
            label={t("audit.entityId")}
            value={filters.entityId}
            onChange={(e) => set("entityId", e.currentTarget.value)}
            maxLength={100}
          />
          {mayListUsers && (
            <NativeSelect
              label={t("audit.actor")}
              data={actorOptions}
              value={filters.actorId}
              onChange={(e) => set("actorId", e.currentTarget.value)}
            />
          )}
          <DateField label={t("audit.from")} value={filters.from} onChange={(v) => set("from", v)} clearable />
          <DateField label={t("audit.to")} value={filters.to} onChange={(v) => set("to", v)} clearable />
        </SimpleGrid>
        {filtered && (
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" size="xs" onClick={() => setFilters(EMPTY)}>
              {t("audit.clearFilters")}
            </Button>
          </Group>
        )}
      </Paper>

      <QueryTable
        state={events}
        rows={rows}
        minWidth={900}
        verticalSpacing="xs"
        headers={[
          t("audit.date"),
          t("audit.actor"),
          t("audit.action"),
          t("audit.entity"),
          t("audit.entityId"),
          t("common.actions"),
        ]}
        empty={filtered ? t("audit.emptyFiltered") : t("audit.empty")}
        rowKey={(event) => event.id}
        renderRow={(event) => (
          <>
            <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(event.occurredAt)}</Table.Td>
            <Table.Td>{event.actorLabel}</Table.Td>
            <Table.Td>
              <span title={event.action}>{labels.action(event.action)}</span>
            </Table.Td>
            <Table.Td>{labels.entityType(event.entityType)}</Table.Td>
            <Table.Td>
              {event.entityId ? (
                <Code>{event.entityId}</Code>
              ) : (
                <Text span c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Button size="compact-sm" variant="light" onClick={() => setDetails(event)}>
                {t("audit.details")}
              </Button>
            </Table.Td>
          </>
        )}
      />
      {events.hasNextPage && (
        <Group justify="center">
          <Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            {t("audit.loadMore")}
          </Button>
        </Group>
      )}

      <DetailsModal event={details} onClose={() => setDetails(null)} />
    </Stack>
  );
}

function DetailsModal({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const labels = useLabels();
  const [shown, setShown] = useState(event);
  if (event && event !== shown) setShown(event);
  return (
    <Modal opened={event !== null} onClose={onClose} title={t("audit.detailsTitle")} size="xl">
      {shown && (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Detail label={t("audit.date")} value={formatDateTime(shown.occurredAt)} />
            <Detail
              label={t("audit.actor")}
              value={`${shown.actorLabel} (${t(`audit.actorTypes.${shown.actorType}`)})`}
            />
            <Detail label={t("audit.action")} value={`${labels.action(shown.action)} — ${shown.action}`} />
            <Detail
              label={t("audit.entity")}
              value={`${labels.entityType(shown.entityType)}${shown.entityId ? ` · ${shown.entityId}` : ""}`}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <JsonBlock title={t("audit.before")} value={shown.before} />
            <JsonBlock title={t("audit.after")} value={shown.after} />
          </SimpleGrid>
        </Stack>
      )}
    </Modal>
  );
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Title order={3} size="h6">
        {title}
      </Title>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">
          {t("audit.nothing")}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420}>
          <Code block>{JSON.stringify(value, null, 2)}</Code>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

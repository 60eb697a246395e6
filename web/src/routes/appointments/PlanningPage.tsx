import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { IconAlertTriangle, IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type CSSProperties, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { fetchPlanning, type Planning, type PlanningItem, schedulingKeys } from "../../api/scheduling.ts";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useSettingsQuery, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { AppointmentDetailModal } from "./AppointmentDetailModal.tsx";
import { addDays, formatTime, mondayOf, spanOnDay } from "./appointmentFormat.ts";

type View = "day" | "week";
const HOUR_HEIGHT = 80;

/**
 * "Planning d'occupation des salles" (procedure 1): a site's rooms for a day
 * (a time grid) or a week (a table rooms × days); overlapping appointments of
 * a room or a practitioner in red. Site, view and date live in the URL.
 */
export function PlanningPage() {
  const { t, i18n } = useTranslation();
  const timeZone = useTimeZone();
  const settings = useSettingsQuery();
  const sites = settings.data?.settings.sites ?? [];
  const [params, setParams] = useSearchParams();
  const site = params.get("site") ?? sites[0]?.code ?? "";
  const view: View = params.get("view") === "week" ? "week" : "day";
  const picked = params.get("date") ?? todayIn(timeZone);
  const from = view === "week" ? mondayOf(picked) : picked;
  const days = view === "week" ? 7 : 1;
  const [opened, setOpened] = useState<string | null>(null);

  const set = (changes: Record<string, string>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const planning = useQuery({
    queryKey: schedulingKeys.planning(site, from, days),
    queryFn: () => fetchPlanning(site, from, days),
    enabled: site !== "",
    // The desk keeps the planning open: bookings made elsewhere show up within a minute.
    refetchInterval: 60_000,
  });

  const weekday = (day: string) =>
    new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "fr-FR", { weekday: "long", timeZone: "UTC" }).format(
      new Date(`${day}T12:00:00Z`),
    );

  return (
    <Stack>
      <Title order={1}>{t("planning.title")}</Title>
      <Group gap="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t("planning.site")}
          data={sites.map((s) => ({ value: s.code, label: s.code }))}
          value={site}
          onChange={(value) => set({ site: value })}
        />
        <SegmentedControl
          aria-label={t("planning.view")}
          data={[
            { value: "day", label: t("planning.day") },
            { value: "week", label: t("planning.week") },
          ]}
          value={view}
          onChange={(value) => set({ view: value })}
        />
        <Group gap={4} align="flex-end">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t(view === "week" ? "planning.previousWeek" : "planning.previousDay")}
            onClick={() => set({ date: addDays(from, -days) })}
          >
            <IconChevronLeft size={18} />
          </ActionIcon>
          <DateField
            aria-label={t("planning.date")}
            value={picked}
            onChange={(value) => value && set({ date: value })}
            w={140}
          />
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t(view === "week" ? "planning.nextWeek" : "planning.nextDay")}
            onClick={() => set({ date: addDays(from, days) })}
          >
            <IconChevronRight size={18} />
          </ActionIcon>
          <Button variant="default" onClick={() => set({ date: todayIn(timeZone) })}>
            {t("planning.today")}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {view === "week"
          ? t("planning.weekOf", { from: formatDate(from), to: formatDate(addDays(from, 6)) })
          : `${weekday(from)} ${formatDate(from)}`}
      </Text>
      {planning.isPending && site !== "" ? (
        <PageLoader />
      ) : planning.error ? (
        <ErrorAlert error={planning.error} onRetry={() => void planning.refetch()} />
      ) : planning.data ? (
        <>
          <ClashSummary planning={planning.data} />
          {view === "day" ? (
            <DayGrid planning={planning.data} timeZone={timeZone} onOpen={setOpened} />
          ) : (
            <WeekTable planning={planning.data} timeZone={timeZone} onOpen={setOpened} weekday={weekday} />
          )}
        </>
      ) : null}
      <AppointmentDetailModal id={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}

function allItems(planning: Planning): PlanningItem[] {
  return planning.days.flatMap((day) => [...day.rooms.flatMap((r) => r.appointments), ...day.withoutRoom]);
}

function ClashSummary({ planning }: { planning: Planning }) {
  const { t } = useTranslation();
  const count = allItems(planning).filter((item) => item.clash).length;
  if (count === 0) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} role="status">
      {t("planning.clashes", { count })}
    </Alert>
  );
}

function itemLabel(item: PlanningItem, timeZone: string) {
  const who = `${item.person.lastName} ${item.person.firstName}`;
  return `${formatTime(item.startsAt, timeZone)}–${formatTime(item.endsAt, timeZone)} ${who}`;
}

function AppointmentChip({
  item,
  timeZone,
  onOpen,
  style,
  stacked = false,
}: {
  item: PlanningItem;
  timeZone: string;
  onOpen: (id: string) => void;
  style?: CSSProperties;
  /** Time and name on lines of their own (the narrow cells of the week). */
  stacked?: boolean;
}) {
  const { t } = useTranslation();
  const color = item.clash
    ? "red"
    : item.status === "attended"
      ? "teal"
      : item.status === "no_show"
        ? "orange"
        : "blue";
  const status = t(`appointments.status.${item.status}`);
  const details = [
    item.clash ? t("planning.clash") : null,
    item.status !== "scheduled" ? status : null,
    item.status === "scheduled" && item.reminderStatus ? t(`smsReminders.planning.${item.reminderStatus}`) : null,
    item.practitioner?.name,
    item.service?.name,
    item.reason,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <UnstyledButton
      onClick={() => onOpen(item.id)}
      aria-label={`${itemLabel(item, timeZone)}, ${status}${item.clash ? `, ${t("planning.clash")}` : ""}`}
      data-clash={item.clash || undefined}
      style={{
        display: "block",
        width: "100%",
        overflow: "hidden",
        borderRadius: 4,
        padding: "2px 6px",
        borderLeft: `4px solid var(--mantine-color-${color}-6)`,
        background: `var(--mantine-color-${color}-0)`,
        outlineOffset: 1,
        ...style,
      }}
    >
      {stacked ? (
        <>
          <Text size="xs" fw={600} c={item.clash ? "red.8" : undefined}>
            {formatTime(item.startsAt, timeZone)}–{formatTime(item.endsAt, timeZone)}
          </Text>
          <Text size="xs" fw={600} c={item.clash ? "red.8" : undefined} lineClamp={2}>
            {item.person.lastName} {item.person.firstName}
          </Text>
        </>
      ) : (
        <Text size="xs" fw={600} c={item.clash ? "red.8" : undefined} truncate>
          {formatTime(item.startsAt, timeZone)}–{formatTime(item.endsAt, timeZone)} {item.person.lastName}{" "}
          {item.person.firstName}
        </Text>
      )}
      {details && (
        <Text size="xs" c={item.clash ? "red.8" : "dimmed"} truncate>
          {details}
        </Text>
      )}
    </UnstyledButton>
  );
}

/** Side-by-side lanes for overlapping appointments of one column. */
function lanes(items: PlanningItem[]): { item: PlanningItem; lane: number; of: number }[] {
  const sorted = [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const placed: { item: PlanningItem; lane: number; group: number }[] = [];
  const laneEnds: string[] = [];
  let group = 0;
  let groupEnd = "";
  const groupSize = new Map<number, number>();
  for (const item of sorted) {
    if (item.startsAt >= groupEnd) {
      group += 1;
      laneEnds.length = 0;
    }
    let lane = laneEnds.findIndex((end) => end <= item.startsAt);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = item.endsAt;
    groupEnd = item.endsAt > groupEnd ? item.endsAt : groupEnd;
    groupSize.set(group, Math.max(groupSize.get(group) ?? 0, lane + 1));
    placed.push({ item, lane, group });
  }
  return placed.map(({ item, lane, group: g }) => ({ item, lane, of: groupSize.get(g) ?? 1 }));
}

function DayGrid({
  planning,
  timeZone,
  onOpen,
}: {
  planning: Planning;
  timeZone: string;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const settings = useSettingsQuery();
  const day = planning.days[0];
  if (!day) return null;
  const columns = [
    ...day.rooms.map((r) => ({ key: r.room.id, name: r.room.name, inactive: !r.room.active, items: r.appointments })),
    ...(day.withoutRoom.length
      ? [{ key: "none", name: t("planning.withoutRoom"), inactive: false, items: day.withoutRoom }]
      : []),
  ];
  if (columns.length === 0) {
    return <Text c="dimmed">{t("planning.noRooms")}</Text>;
  }
  const hours = settings.data?.settings.businessDays;
  const items = columns.flatMap((c) => c.items);
  const open = Number((hours?.opensAt ?? "08:00").slice(0, 2));
  const close = Math.ceil(
    Number((hours?.closesAt ?? "18:00").slice(0, 2)) + Number((hours?.closesAt ?? "18:00").slice(3)) / 60,
  );
  const span = (item: { startsAt: string; endsAt: string }) => spanOnDay(item, day.date, timeZone);
  const first = Math.min(open, ...items.map((i) => Math.floor(span(i).start / 60)));
  const last = Math.max(close, ...items.map((i) => Math.ceil(span(i).end / 60)));
  const hourList = Array.from({ length: last - first }, (_, i) => first + i);
  const height = (last - first) * HOUR_HEIGHT;
  const top = (minutes: number) => ((minutes - first * 60) / 60) * HOUR_HEIGHT;

  return (
    <ScrollArea type="auto">
      <Paper withBorder miw={120 + columns.length * 180}>
        <Group gap={0} wrap="nowrap" align="stretch" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
          <Box w={60} />
          {columns.map((c) => (
            <Box key={c.key} flex={1} miw={180} p={6} style={{ borderLeft: "1px solid var(--mantine-color-gray-3)" }}>
              <Text fw={600} size="sm" truncate>
                {c.name}
              </Text>
              {c.inactive && (
                <Badge size="xs" color="gray" variant="light" tt="none">
                  {t("scheduling.inactive")}
                </Badge>
              )}
            </Box>
          ))}
        </Group>
        <Group gap={0} wrap="nowrap" align="stretch">
          <Box w={60} pos="relative" h={height}>
            {hourList.map((h) => (
              <Text key={h} size="xs" c="dimmed" pos="absolute" top={(h - first) * HOUR_HEIGHT + 2} left={6}>
                {String(h).padStart(2, "0")}:00
              </Text>
            ))}
          </Box>
          {columns.map((c) => (
            <Box
              key={c.key}
              flex={1}
              miw={180}
              pos="relative"
              h={height}
              role="list"
              aria-label={c.name}
              style={{
                borderLeft: "1px solid var(--mantine-color-gray-3)",
                backgroundImage: `repeating-linear-gradient(to bottom, transparent 0, transparent ${HOUR_HEIGHT - 1}px, var(--mantine-color-gray-2) ${HOUR_HEIGHT - 1}px, var(--mantine-color-gray-2) ${HOUR_HEIGHT}px)`,
              }}
            >
              {lanes(c.items).map(({ item, lane, of }) => {
                const y = Math.max(0, top(span(item).start));
                const yEnd = Math.min(height, top(span(item).end));
                return (
                  <Box
                    key={item.id}
                    role="listitem"
                    pos="absolute"
                    top={y}
                    left={`calc(${(lane * 100) / of}% + 2px)`}
                    w={`calc(${100 / of}% - 4px)`}
                    h={Math.max(22, yEnd - y - 2)}
                  >
                    <AppointmentChip item={item} timeZone={timeZone} onOpen={onOpen} style={{ height: "100%" }} />
                  </Box>
                );
              })}
            </Box>
          ))}
        </Group>
      </Paper>
    </ScrollArea>
  );
}

function WeekTable({
  planning,
  timeZone,
  onOpen,
  weekday,
}: {
  planning: Planning;
  timeZone: string;
  onOpen: (id: string) => void;
  weekday: (day: string) => string;
}) {
  const { t } = useTranslation();
  const roomIds: { id: string; name: string }[] = [];
  for (const day of planning.days) {
    for (const r of day.rooms) if (!roomIds.some((x) => x.id === r.room.id)) roomIds.push(r.room);
  }
  const hasWithoutRoom = planning.days.some((d) => d.withoutRoom.length > 0);
  if (roomIds.length === 0 && !hasWithoutRoom) return <Text c="dimmed">{t("planning.noRooms")}</Text>;
  const cell = (items: PlanningItem[]) =>
    items.length === 0 ? null : (
      <Stack gap={4}>
        {items.map((item) => (
          <AppointmentChip key={item.id} item={item} timeZone={timeZone} onOpen={onOpen} stacked />
        ))}
      </Stack>
    );
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={1100}>
        <Table withColumnBorders verticalSpacing="xs" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>{t("planning.room")}</Table.Th>
              {planning.days.map((d) => (
                <Table.Th key={d.date}>
                  <Text size="sm" fw={600} tt="capitalize">
                    {weekday(d.date)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDate(d.date)}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roomIds.map((room) => (
              <Table.Tr key={room.id}>
                <Table.Th>{room.name}</Table.Th>
                {planning.days.map((d) => (
                  <Table.Td key={d.date} valign="top">
                    {cell(d.rooms.find((r) => r.room.id === room.id)?.appointments ?? [])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {hasWithoutRoom && (
              <Table.Tr>
                <Table.Th>{t("planning.withoutRoom")}</Table.Th>
                {planning.days.map((d) => (
                  <Table.Td key={d.date} valign="top">
                    {cell(d.withoutRoom)}
                  </Table.Td>
                ))}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

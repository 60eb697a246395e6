import { Alert, Anchor, Badge, Button, Checkbox, Group, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconArrowBackUp, IconCheck, IconChecks, IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  type DigestLine,
  type DigestProcessedFilter,
  digestExportUrl,
  digestKeys,
  fetchDigest,
  markProcessed,
  unmarkProcessed,
} from "../../api/digest.ts";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useFormatDateTime, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, notifyError, notifySuccess, PageLoader } from "../../components/feedback.tsx";
import { KindBadge, TemperatureBadge } from "../../components/PersonBadges.tsx";
import { PhoneText } from "../../components/PhoneText.tsx";
import { personUrl } from "../../components/personUrl.ts";
import { useUrlParams } from "../../components/urlParams.ts";

/** The calendar day before a "YYYY-MM-DD" day. */
function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The daily digest (procedure 2: « extraire jour par jour la liste de toutes les
 * interactions […] de la veille », « leur suppression une fois traitées par les
 * secrétaires »): the prospects manager reads the previous day's interactions and
 * marks them processed; processed lines leave the list (shown again on demand),
 * nothing is deleted.
 */
export function DigestPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const queryClient = useQueryClient();
  const [params, updateParams] = useUrlParams();
  const day = params.get("day") ?? dayBefore(todayIn(timeZone));
  const showProcessed = params.get("processed") === "all";
  const processed: DigestProcessedFilter = showProcessed ? "all" : "false";
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const update = (changes: Record<string, string | null>) => {
    setSelected(new Set());
    updateParams(changes);
  };

  const digest = useQuery({
    queryKey: digestKeys.day(day, processed),
    queryFn: ({ signal }) => fetchDigest(day, processed, signal),
  });
  const lines = digest.data?.lines ?? [];
  const toProcess = lines.filter((line) => line.processed === null);
  const chosen = toProcess.filter((line) => selected.has(line.id)).map((line) => line.id);

  const reload = () => queryClient.invalidateQueries({ queryKey: digestKeys.all });
  const mark = useMutation({
    mutationFn: (ids: string[]) => markProcessed(ids),
    onSuccess: async (count) => {
      setSelected(new Set());
      await reload();
      notifySuccess(t("digest.markedDone", { count }));
    },
    onError: (error) => {
      notifyError(error);
      void reload();
    },
  });
  const unmark = useMutation({
    mutationFn: (ids: string[]) => unmarkProcessed(ids),
    onSuccess: async () => {
      await reload();
      notifySuccess(t("digest.unmarkedDone"));
    },
    onError: (error) => {
      notifyError(error);
      void reload();
    },
  });
  const busy = mark.isPending || unmark.isPending;

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allChosen = toProcess.length > 0 && chosen.length === toProcess.length;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t("digest.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("digest.intro")}
          </Text>
        </Stack>
        <Button
          component="a"
          href={digestExportUrl(day, processed)}
          variant="default"
          leftSection={<IconDownload size={16} />}
          download
        >
          {t("digest.export")}
        </Button>
      </Group>

      <Group align="flex-end" gap="md">
        <DateField
          label={t("digest.day")}
          value={day}
          onChange={(value) => value && update({ day: value })}
          w={160}
          clearable={false}
        />
        <Switch
          label={t("digest.showProcessed")}
          checked={showProcessed}
          onChange={(event) => update({ processed: event.currentTarget.checked ? "all" : null })}
          mb={8}
        />
        {digest.data && (
          <Text size="sm" c="dimmed" mb={8} data-testid="digest-counts">
            {t("digest.counts", {
              unprocessed: digest.data.counts.unprocessed,
              processed: digest.data.counts.processed,
            })}
          </Text>
        )}
      </Group>

      {digest.data && digest.data.earlier.unprocessed > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="status">
          <Group gap="xs">
            <Text size="sm">
              {t("digest.earlier", {
                count: digest.data.earlier.unprocessed,
                since: formatDate(digest.data.earlier.since),
              })}
            </Text>
            {digest.data.earlier.oldestDay && (
              <Anchor
                component={Link}
                to={`/suivi-quotidien?day=${digest.data.earlier.oldestDay}`}
                size="sm"
                fw={600}
                onClick={() => setSelected(new Set())}
              >
                {t("digest.openOldest", { day: formatDate(digest.data.earlier.oldestDay) })}
              </Anchor>
            )}
          </Group>
        </Alert>
      )}

      {toProcess.length > 0 && (
        <Group gap="sm">
          <Button
            leftSection={<IconChecks size={16} />}
            disabled={chosen.length === 0}
            loading={mark.isPending}
            onClick={() => mark.mutate(chosen)}
          >
            {t("digest.markSelected", { count: chosen.length })}
          </Button>
          <Text size="sm" c="dimmed">
            {t("digest.selectHelp")}
          </Text>
        </Group>
      )}

      {digest.isPending ? (
        <PageLoader />
      ) : digest.error ? (
        <ErrorAlert error={digest.error} onRetry={() => void digest.refetch()} />
      ) : lines.length === 0 ? (
        <Text c="dimmed" py="md" data-testid="digest-empty">
          {digest.data && digest.data.counts.total > 0
            ? t("digest.allProcessed", { day: formatDate(day) })
            : t("digest.empty", { day: formatDate(day) })}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={1100}>
          <Table striped verticalSpacing="xs" aria-label={t("digest.tableLabel", { day: formatDate(day) })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t("digest.selectAll")}
                    checked={allChosen}
                    indeterminate={chosen.length > 0 && !allChosen}
                    disabled={toProcess.length === 0}
                    onChange={(event) =>
                      setSelected(event.currentTarget.checked ? new Set(toProcess.map((line) => line.id)) : new Set())
                    }
                  />
                </Table.Th>
                <Table.Th>{t("digest.columns.time")}</Table.Th>
                <Table.Th>{t("digest.columns.person")}</Table.Th>
                <Table.Th>{t("digest.columns.interaction")}</Table.Th>
                <Table.Th>{t("digest.columns.details")}</Table.Th>
                <Table.Th>{t("digest.columns.author")}</Table.Th>
                <Table.Th>{t("digest.columns.state")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) => (
                <DigestRow
                  key={line.id}
                  line={line}
                  checked={selected.has(line.id)}
                  onCheck={(on) => toggle(line.id, on)}
                  busy={busy}
                  onMark={() => mark.mutate([line.id])}
                  onUnmark={() => unmark.mutate([line.id])}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function DigestRow({
  line,
  checked,
  onCheck,
  busy,
  onMark,
  onUnmark,
}: {
  line: DigestLine;
  checked: boolean;
  onCheck: (on: boolean) => void;
  busy: boolean;
  onMark: () => void;
  onUnmark: () => void;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const { person } = line;
  const name = `${person.lastName} ${person.firstName}`;
  const occurred = formatDateTime(line.occurredAt);
  const recorded = formatDateTime(line.recordedAt);
  return (
    <Table.Tr data-testid="digest-line" bg={line.processed ? "var(--mantine-color-gray-0)" : undefined}>
      <Table.Td>
        {line.processed === null && (
          <Checkbox
            aria-label={t("digest.select", { name })}
            checked={checked}
            onChange={(event) => onCheck(event.currentTarget.checked)}
          />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={600}>
          {occurred.slice(11)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Anchor component={Link} to={personUrl(person)} size="sm" fw={600}>
            {name}
          </Anchor>
          <Group gap={4}>
            <KindBadge kind={person.kind} size="xs" />
            <TemperatureBadge temperature={person.temperature} size="xs" />
          </Group>
          {person.phone && (
            <Text size="xs">
              <PhoneText phone={person.phone} />
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td maw={260}>
        <Stack gap={2}>
          <Text size="sm">{t(`people.channels.${line.channel}`, { defaultValue: line.channel })}</Text>
          {line.motive && (
            <Text size="xs" c="dimmed">
              {line.motive.label}
            </Text>
          )}
          {line.requestTypes.length > 0 && (
            <Group gap={4}>
              {line.requestTypes.map((request) => (
                <Badge key={request.code} size="xs" variant="light" tt="none">
                  {request.label}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </Table.Td>
      <Table.Td maw={360}>
        <Stack gap={2}>
          {line.comment && (
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} lineClamp={4}>
              {line.comment}
            </Text>
          )}
          {line.documentsSent.length > 0 && (
            <Text size="xs">{t("digest.documentsSent", { documents: line.documentsSent.join(", ") })}</Text>
          )}
          {line.documentsRequested && (
            <Badge size="xs" color="orange" variant="light" tt="none">
              {t("digest.documentsRequested")}
            </Badge>
          )}
          {line.outcome && <Text size="xs">{t("digest.outcome", { outcome: line.outcome })}</Text>}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{line.author?.name ?? "—"}</Text>
        {recorded.slice(0, 10) !== occurred.slice(0, 10) && (
          <Text size="xs" c="dimmed">
            {t("digest.recordedAt", { at: recorded })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {line.processed ? (
          <Stack gap={4} align="flex-start">
            <Badge color="teal" variant="light" tt="none" leftSection={<IconCheck size={12} />}>
              {t("digest.processedBadge")}
            </Badge>
            <Text size="xs" c="dimmed">
              {t("digest.processedBy", {
                at: formatDateTime(line.processed.at),
                name: line.processed.by?.name ?? "—",
              })}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              leftSection={<IconArrowBackUp size={14} />}
              disabled={busy}
              onClick={onUnmark}
            >
              {t("digest.unmark")}
            </Button>
          </Stack>
        ) : (
          <Button
            size="compact-sm"
            variant="light"
            disabled={busy}
            onClick={onMark}
            aria-label={t("digest.markOneOf", { name })}
          >
            {t("digest.markOne")}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

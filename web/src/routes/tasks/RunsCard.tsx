import { Badge, Card, Group, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { RULE_IDS } from "../../../../shared/followup.ts";
import { type FollowUpRun, followUpRunKeys, listFollowUpRuns } from "../../api/followupRuns.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";

/** The engine runs by itself every few minutes: the card follows. */
export const RUNS_POLL_MS = 60_000;

const TRIGGER_COLORS: Record<FollowUpRun["trigger"], string> = { schedule: "gray", api: "blue", cli: "grape" };

/** "1,2 s", "85 ms": how long a run took. */
function useDuration() {
  const { i18n } = useTranslation();
  return (run: FollowUpRun) => {
    const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
    if (ms < 1000) return `${Math.max(ms, 0)} ms`;
    return `${new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
  };
}

/** Tasks created and closed by a run; hovering shows them rule by rule. */
function RunCounts({ run }: { run: FollowUpRun }) {
  const { t } = useTranslation();
  const rules = RULE_IDS.filter((id) => (run.counts[id]?.created ?? 0) + (run.counts[id]?.closed ?? 0) > 0);
  const summary = (
    <Text size="sm" span style={rules.length > 0 ? { cursor: "help", textDecoration: "underline dotted" } : undefined}>
      {t("followupRuns.counts", { created: run.created, closed: run.closed })}
    </Text>
  );
  if (rules.length === 0) return summary;
  return (
    <Tooltip
      withArrow
      multiline
      w={360}
      label={
        <Stack gap={2}>
          {rules.map((id) => (
            <Text size="xs" key={id}>
              {t(`rules.${id}`)} —{" "}
              {t("followupRuns.counts", { created: run.counts[id]?.created ?? 0, closed: run.counts[id]?.closed ?? 0 })}
            </Text>
          ))}
        </Stack>
      }
    >
      {summary}
    </Tooltip>
  );
}

/**
 * « Dernières exécutions »: the follow-up engine's latest 20 runs — when, as of
 * when, what started it (the schedule, someone in the app, the command line),
 * and the tasks it created and closed, or that it failed (its error on hover).
 * Proof that the automation runs.
 */
export function RunsCard() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const duration = useDuration();
  const runs = useQuery({
    queryKey: followUpRunKeys.all,
    queryFn: ({ signal }) => listFollowUpRuns(signal),
    refetchInterval: RUNS_POLL_MS,
  });

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="followup-runs-title">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4" id="followup-runs-title">
            {t("followupRuns.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("followupRuns.intro")}
          </Text>
        </Group>
        {runs.isPending ? (
          <PageLoader />
        ) : runs.error ? (
          <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />
        ) : runs.data.items.length === 0 ? (
          <Text c="dimmed">{t("followupRuns.empty")}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("followupRuns.columns.startedAt")}</Table.Th>
                  <Table.Th>{t("followupRuns.columns.asOf")}</Table.Th>
                  <Table.Th>{t("followupRuns.columns.trigger")}</Table.Th>
                  <Table.Th>{t("followupRuns.columns.tasks")}</Table.Th>
                  <Table.Th>{t("followupRuns.columns.duration")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.items.map((run) => (
                  <Table.Tr key={run.id}>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(run.startedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(run.asOf)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Badge color={TRIGGER_COLORS[run.trigger]} variant="light" tt="none" size="sm">
                          {t(`followupRuns.triggers.${run.trigger}`)}
                        </Badge>
                        {run.triggeredBy && (
                          <Text size="xs" c="dimmed">
                            {run.triggeredBy.name}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {run.status === "failed" ? (
                        <Tooltip withArrow multiline w={360} label={run.error ?? t("followupRuns.failed")}>
                          <Badge color="red" variant="light" tt="none" size="sm" style={{ cursor: "help" }}>
                            {t("followupRuns.failed")}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <RunCounts run={run} />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{duration(run)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

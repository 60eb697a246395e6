import { Modal, Stack, Text, Timeline } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { fetchTaskHistory, type Task, type TaskHistory, taskKeys } from "../../api/tasks.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { useRoleLabel } from "../../components/RoleSelect.tsx";
import { ClosureText, RuleLabel } from "./taskParts.tsx";

type HistoryEvent = TaskHistory["events"][number];
type Assignee = { role: string | null; user: { id: string; name: string } | null };

/** What happened to a task: made by the engine, reassigned, postponed, done or closed — who, when, why. */
export function TaskHistoryModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t("tasks.history.title")} size="lg">
      {task && <History task={task} />}
    </Modal>
  );
}

function History({ task }: { task: Task }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const history = useQuery({ queryKey: taskKeys.history(task.id), queryFn: () => fetchTaskHistory(task.id) });
  if (history.isPending) return <PageLoader />;
  if (history.error) return <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <Stack>
      <RuleLabel rule={task.rule} />
      <Timeline bulletSize={14} lineWidth={2} active={history.data.events.length}>
        <Timeline.Item title={t("tasks.history.created", { at: formatDateTime(task.createdAt) })}>
          <Text size="xs" c="dimmed">
            {t("tasks.history.due", { at: formatDateTime(task.originalDueAt) })}
          </Text>
        </Timeline.Item>
        {history.data.events.map((event) => (
          <Timeline.Item
            key={event.id}
            title={t("tasks.history.by", { at: formatDateTime(event.occurredAt), name: event.actor.name })}
          >
            <EventText event={event} />
          </Timeline.Item>
        ))}
        {task.status === "closed" && (
          <Timeline.Item title={t("tasks.state.closed")}>
            <ClosureText task={task} />
          </Timeline.Item>
        )}
      </Timeline>
    </Stack>
  );
}

function EventText({ event }: { event: HistoryEvent }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const roleLabel = useRoleLabel();
  const after = (event.after ?? {}) as {
    reason?: string;
    dueAt?: string;
    assignee?: Assignee;
    outcome?: string | null;
    outcomeNote?: string | null;
    closeReason?: string | null;
  };
  const reason = after.reason ? (
    <Text size="sm" fs="italic">
      « {after.reason} »
    </Text>
  ) : null;
  const who = (a: Assignee | undefined) =>
    a?.user?.name ?? t("tasks.anyoneOfRole", { role: a?.role ? roleLabel(a.role) : "—" });
  switch (event.action) {
    case "task.reassign":
      return (
        <Stack gap={2}>
          <Text size="sm">{t("tasks.history.reassigned", { to: who(after.assignee) })}</Text>
          {reason}
        </Stack>
      );
    case "task.postpone":
      return (
        <Stack gap={2}>
          <Text size="sm">{t("tasks.history.postponed", { at: formatDateTime(after.dueAt) })}</Text>
          {reason}
        </Stack>
      );
    case "task.attempt":
      return (
        <Stack gap={2}>
          <Text size="sm">
            {t("tasks.history.attempt", {
              how: t(`tasks.outcomes.${after.outcome ?? "not_reached"}`),
              at: formatDateTime(after.dueAt),
            })}
          </Text>
          {after.outcomeNote && <Text size="sm">{after.outcomeNote}</Text>}
        </Stack>
      );
    case "task.complete": {
      const how =
        after.outcome && after.outcome !== "done"
          ? t(`tasks.outcomes.${after.outcome}`)
          : after.closeReason
            ? t(`closeReasons.${after.closeReason}`)
            : t("tasks.outcomes.done");
      return (
        <Stack gap={2}>
          <Text size="sm">{t("tasks.history.completed", { how })}</Text>
          {after.outcomeNote && <Text size="sm">{after.outcomeNote}</Text>}
        </Stack>
      );
    }
    default:
      return <Text size="sm">{event.action}</Text>;
  }
}

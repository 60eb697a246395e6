import { Card, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { listTasks, type Task, taskKeys } from "../../api/tasks.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { useTaskDialogs } from "./TaskActions.tsx";
import { TaskTable } from "./TasksPage.tsx";

/** Tasks shown on a record: its history of follow-ups is short. */
const PERSON_TASKS_MAX = 200;

/** Open first (by due date), then the done and closed ones, the latest first. */
const byOpenThenLatest = (a: Task, b: Task) => {
  if ((a.status === "open") !== (b.status === "open")) return a.status === "open" ? -1 : 1;
  if (a.status === "open") return a.dueAt.localeCompare(b.dueAt);
  return (b.closedAt ?? "").localeCompare(a.closedAt ?? "");
};

/** « Tâches » on a person's page: every follow-up task of the record, whoever it is for. */
export function PersonTasks({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const query = { personId, assignee: "all", status: "all", limit: PERSON_TASKS_MAX } as const;
  const tasks = useQuery({ queryKey: taskKeys.list(query), queryFn: () => listTasks(query) });
  const { open, dialogs } = useTaskDialogs();
  let body: React.ReactNode;
  if (tasks.isPending) body = <PageLoader />;
  else if (tasks.error) body = <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />;
  else if (tasks.data.items.length === 0)
    body = (
      <Text c="dimmed" size="sm">
        {t("tasks.person.empty")}
      </Text>
    );
  else body = <TaskTable tasks={[...tasks.data.items].sort(byOpenThenLatest)} open={open} showPerson={false} />;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="person-tasks-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="person-tasks-title">
          {t("tasks.person.title")}
        </Title>
        {body}
      </Stack>
      {dialogs}
    </Card>
  );
}

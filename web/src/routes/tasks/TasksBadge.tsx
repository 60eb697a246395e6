import { Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { listTasks, taskKeys } from "../../api/tasks.ts";

/** How often the navigation asks how many of my tasks are due. */
export const TASKS_POLL_MS = 60_000;

/** My open tasks overdue or due today, polled every minute. */
export function useMyDueTasks() {
  return useQuery({
    queryKey: taskKeys.mine,
    queryFn: async () => (await listTasks({ assignee: "me", status: "open", limit: 1 })).counts,
    refetchInterval: TASKS_POLL_MS,
  });
}

/** The navigation's badge: red when something is overdue, orange when only today's; nothing when none. */
export function TasksBadge() {
  const { t } = useTranslation();
  const counts = useMyDueTasks().data;
  const count = counts ? counts.overdue + counts.today : 0;
  if (!counts || count === 0) return null;
  return (
    <Badge
      size="sm"
      color={counts.overdue > 0 ? "red" : "orange"}
      circle={count < 10}
      aria-label={t("tasks.badge", { count, overdue: counts.overdue })}
    >
      {count > 99 ? "99+" : count}
    </Badge>
  );
}

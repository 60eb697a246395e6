import { notifications } from "relais:notifications-store";
import {
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { RULE_IDS, type RuleId, TASK_BUCKETS, TASK_STATUSES, type TaskBucket } from "../../../../shared/followup.ts";
import { can } from "../../../../shared/permissions.ts";
import type { Role } from "../../../../shared/roles.ts";
import { followUpRunKeys } from "../../api/followupRuns.ts";
import { listTasks, runFollowUp, type Task, type TaskQuery, taskKeys } from "../../api/tasks.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, notifyError, PageLoader } from "../../components/feedback.tsx";
import { useRoleLabel } from "../../components/RoleSelect.tsx";
import { useUrlParams } from "../../components/urlParams.ts";
import { WORKING_ROLES } from "./ReassignModal.tsx";
import { RunsCard } from "./RunsCard.tsx";
import { TaskActions, useTaskDialogs } from "./TaskActions.tsx";
import {
  AssigneeCell,
  BUCKET_COLORS,
  BucketBadge,
  ClosureText,
  PersonCell,
  RuleLabel,
  SourceSummary,
} from "./taskParts.tsx";

/** Tasks shown per page; « Afficher plus » reads the next. */
const PAGE_SIZE = 100;

type View = "mine" | "role" | "all";
type StatusFilter = (typeof TASK_STATUSES)[number] | "all";

/**
 * « Tâches »: the follow-up queues the engine fills from the procedures. My
 * tasks (named to me, or to my role with no one named), a role's, or
 * everyone's; by rule and status; open tasks by bucket, in the Odoo colours
 * (overdue red, today orange, upcoming green). Each row opens the form that
 * completes it.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const user = useUser();
  const roleLabel = useRoleLabel();
  const queryClient = useQueryClient();
  const [params, set] = useUrlParams();
  const view = (["mine", "role", "all"].includes(params.get("vue") ?? "") ? params.get("vue") : "mine") as View;
  const defaultRole: Role = (WORKING_ROLES as readonly string[]).includes(user.role) ? user.role : "crm_secretary";
  const role = (WORKING_ROLES as readonly string[]).includes(params.get("role") ?? "")
    ? (params.get("role") as Role)
    : defaultRole;
  const rule = (RULE_IDS as readonly string[]).includes(params.get("regle") ?? "")
    ? (params.get("regle") as RuleId)
    : undefined;
  const statusParam = params.get("statut") ?? "open";
  const status = ([...TASK_STATUSES, "all"] as string[]).includes(statusParam) ? (statusParam as StatusFilter) : "open";
  const bucketParam = params.get("echeance");
  const bucket =
    status === "open" && (TASK_BUCKETS as readonly string[]).includes(bucketParam ?? "")
      ? (bucketParam as TaskBucket)
      : undefined;

  const query: TaskQuery = {
    assignee: view === "mine" ? "me" : view === "role" ? `role:${role}` : "all",
    status,
    rule,
    bucket,
    limit: PAGE_SIZE,
  };
  const tasks = useInfiniteQuery({
    queryKey: taskKeys.list(query),
    queryFn: ({ pageParam, signal }) => listTasks({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const { open, dialogs } = useTaskDialogs();
  const run = useMutation({
    mutationFn: runFollowUp,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      await queryClient.invalidateQueries({ queryKey: followUpRunKeys.all });
      const counts = Object.values(result.counts);
      notifications.show({
        color: "teal",
        title: t("tasks.run.doneTitle"),
        message: t("tasks.run.done", {
          created: counts.reduce((n, c) => n + c.created, 0),
          closed: counts.reduce((n, c) => n + c.closed, 0),
        }),
      });
    },
    onError: (error) => notifyError(error),
  });

  const first = tasks.data?.pages[0];
  const counts = first?.counts;
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const openTotal = counts ? counts.overdue + counts.today + counts.upcoming : 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("tasks.title")}</Title>
        {can(user.role, "followup.run") && (
          <Button
            variant="default"
            leftSection={<IconPlayerPlay size={16} />}
            onClick={() => run.mutate()}
            loading={run.isPending}
          >
            {t("tasks.run.button")}
          </Button>
        )}
      </Group>
      <Group align="flex-end" gap="md">
        <SegmentedControl
          aria-label={t("tasks.views.label")}
          value={view}
          onChange={(value) => set({ vue: value === "mine" ? null : value })}
          data={[
            { value: "mine", label: t("tasks.views.mine") },
            { value: "role", label: t("tasks.views.role") },
            { value: "all", label: t("tasks.views.all") },
          ]}
        />
        {view === "role" && (
          <Select
            label={t("tasks.filters.role")}
            data={WORKING_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
            value={role}
            onChange={(value) => set({ role: value })}
            allowDeselect={false}
            w={260}
          />
        )}
        <Select
          label={t("tasks.filters.rule")}
          placeholder={t("tasks.filters.allRules")}
          data={RULE_IDS.map((id) => ({ value: id, label: t(`rules.${id}`) }))}
          value={rule ?? null}
          onChange={(value) => set({ regle: value })}
          clearable
          w={280}
        />
        <Select
          label={t("tasks.filters.status")}
          data={[...TASK_STATUSES, "all"].map((s) => ({ value: s, label: t(`tasks.statuses.${s}`) }))}
          value={status}
          onChange={(value) => set({ statut: value === "open" ? null : value, echeance: null })}
          allowDeselect={false}
          w={180}
        />
      </Group>
      {status === "open" && (
        <Tabs value={bucket ?? "any"} onChange={(value) => set({ echeance: value === "any" ? null : value })}>
          <Tabs.List>
            <Tabs.Tab value="any" rightSection={<CountBadge count={openTotal} color="gray" />}>
              {t("tasks.buckets.any")}
            </Tabs.Tab>
            {TASK_BUCKETS.map((b) => (
              <Tabs.Tab
                key={b}
                value={b}
                rightSection={<CountBadge count={counts?.[b] ?? 0} color={BUCKET_COLORS[b]} />}
              >
                {t(`tasks.buckets.${b}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      )}
      {tasks.isPending ? (
        <PageLoader />
      ) : tasks.error ? (
        <ErrorAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t(view === "mine" && status === "open" ? "tasks.emptyMine" : "tasks.empty")}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t("tasks.total", { count: first?.total ?? 0 })}
          </Text>
          <TaskTable tasks={items} open={open} />
          {tasks.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
                {t("tasks.loadMore")}
              </Button>
            </Group>
          )}
        </>
      )}
      {can(user.role, "followup.run") && <RunsCard />}
      {dialogs}
    </Stack>
  );
}

function CountBadge({ count, color }: { count: number; color: string }) {
  return (
    <Badge size="sm" variant={count > 0 ? "filled" : "light"} color={count > 0 ? color : "gray"} circle={count < 10}>
      {count > 999 ? "999+" : count}
    </Badge>
  );
}

/** The queue: one row per task, by due date. */
export function TaskTable({
  tasks,
  open,
  showPerson = true,
}: {
  tasks: Task[];
  open: Parameters<typeof TaskActions>[0]["open"];
  showPerson?: boolean;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t("tasks.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("tasks.columns.due")}</Table.Th>
            <Table.Th>{t("tasks.columns.rule")}</Table.Th>
            {showPerson && <Table.Th>{t("tasks.columns.person")}</Table.Th>}
            <Table.Th>{t("tasks.columns.source")}</Table.Th>
            <Table.Th>{t("tasks.columns.assignee")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id} data-task-id={task.id} data-rule={task.rule}>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
                    {formatDateTime(task.dueAt)}
                  </Text>
                  <BucketBadge task={task} />
                  {task.dueAt !== task.originalDueAt && (
                    <Text size="xs" c="dimmed">
                      {t("tasks.postponedFrom", { at: formatDateTime(task.originalDueAt) })}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <RuleLabel rule={task.rule} />
                  <ClosureText task={task} />
                </Stack>
              </Table.Td>
              {showPerson && (
                <Table.Td>
                  <PersonCell task={task} />
                </Table.Td>
              )}
              <Table.Td maw={360}>
                <SourceSummary task={task} />
              </Table.Td>
              <Table.Td>
                <AssigneeCell task={task} />
              </Table.Td>
              <Table.Td>
                <TaskActions task={task} open={open} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

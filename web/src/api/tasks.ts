import type { z } from "zod";
import type { ruleListSchema, runResultSchema } from "../../../server/modules/followup/followup.schema.ts";
import type {
  CompleteTaskInput,
  completeTaskInput,
  PostponeTaskInput,
  ReassignTaskInput,
  Survey,
  TaskHistory,
  TaskList,
  TaskSource,
  TaskView,
} from "../../../server/modules/tasks/task.schema.ts";
import type { RuleId, TaskBucket, TaskStatus } from "../../../shared/followup.ts";
import { api } from "./client.ts";

/** The follow-up task queues (DESIGN §3, §5) and the engine's on-demand run. */
export type Task = TaskView;
export type { CompleteTaskInput, PostponeTaskInput, ReassignTaskInput, Survey, TaskHistory, TaskList, TaskSource };
export type CompleteTaskBody = z.input<typeof completeTaskInput>;

export interface TaskQuery {
  assignee?: string;
  status?: TaskStatus | "all";
  rule?: RuleId;
  personId?: string;
  bucket?: TaskBucket;
  cursor?: string;
  limit?: number;
}

export type FollowUpRule = z.infer<typeof ruleListSchema>["items"][number];
export type FollowUpRunResult = z.infer<typeof runResultSchema>;

export const taskKeys = {
  /** Every cached answer about tasks: invalidated after any write on a task or a form that completes one. */
  all: ["tasks"] as const,
  list: (query: TaskQuery) => ["tasks", "list", query] as const,
  mine: ["tasks", "mine-count"] as const,
  history: (id: string) => ["tasks", "history", id] as const,
  rules: ["followup", "rules"] as const,
};

const taskPath = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

export const listTasks = (query: TaskQuery, signal?: AbortSignal) =>
  api<TaskList>("GET", "/api/tasks", { query: { ...query }, signal });
export const fetchTask = (id: string) => api<Task>("GET", taskPath(id));
export const fetchTaskHistory = (id: string) => api<TaskHistory>("GET", `${taskPath(id)}/history`);
export const completeTask = (id: string, input: CompleteTaskBody) =>
  api<Task>("POST", `${taskPath(id)}/complete`, { body: input });
export const reassignTask = (id: string, input: ReassignTaskInput) =>
  api<Task>("POST", `${taskPath(id)}/reassign`, { body: input });
export const postponeTask = (id: string, input: PostponeTaskInput) =>
  api<Task>("POST", `${taskPath(id)}/postpone`, { body: input });

export const fetchRules = () => api<{ items: FollowUpRule[] }>("GET", "/api/followup/rules");
export const runFollowUp = () => api<FollowUpRunResult>("POST", "/api/followup/run", { body: {} });

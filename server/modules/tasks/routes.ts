import { ctxOf } from "../../http/access.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { completeTask } from "./complete-task.ts";
import { getTask, listTasks } from "./list-tasks.ts";
import { postponeTask } from "./postpone-task.ts";
import { reassignTask } from "./reassign-task.ts";
import {
  completeTaskInput,
  listTasksQuery,
  postponeTaskInput,
  reassignTaskInput,
  taskHistorySchema,
  taskIdParams,
  taskListSchema,
  taskSchema,
} from "./task.schema.ts";
import { taskHistory } from "./task-history.ts";

const read = { access: "tasks.read" } as const;
const work = { access: "tasks.work" } as const;
const tags = ["tasks"];

export const taskRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.get(
    "/api/tasks",
    { config: read, schema: { tags, querystring: listTasksQuery, response: { 200: taskListSchema } } },
    (request) => listTasks(ctxOf(services, request), request.query),
  );

  r.get(
    "/api/tasks/:id",
    { config: read, schema: { tags, params: taskIdParams, response: { 200: taskSchema } } },
    (request) => getTask(ctxOf(services, request), request.params.id),
  );

  r.get(
    "/api/tasks/:id/history",
    { config: read, schema: { tags, params: taskIdParams, response: { 200: taskHistorySchema } } },
    (request) => taskHistory(ctxOf(services, request), request.params.id),
  );

  r.post(
    "/api/tasks/:id/complete",
    { config: work, schema: { tags, params: taskIdParams, body: completeTaskInput, response: { 200: taskSchema } } },
    (request) => completeTask(ctxOf(services, request), request.params.id, request.body),
  );

  r.post(
    "/api/tasks/:id/reassign",
    { config: work, schema: { tags, params: taskIdParams, body: reassignTaskInput, response: { 200: taskSchema } } },
    (request) => reassignTask(ctxOf(services, request), request.params.id, request.body),
  );

  r.post(
    "/api/tasks/:id/postpone",
    { config: work, schema: { tags, params: taskIdParams, body: postponeTaskInput, response: { 200: taskSchema } } },
    (request) => postponeTask(ctxOf(services, request), request.params.id, request.body),
  );
};

import { desc, eq } from "drizzle-orm";
import { RULE_IDS } from "../../../shared/followup.ts";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { followUpRuns, users } from "../../db/schema/index.ts";
import { presentUserName, userNameColumns } from "../users/present.ts";
import { RUNS_SHOWN, type RunList, type RunView } from "./runs.schema.ts";

/** The latest engine runs, newest first: the proof that the automation runs, and what it did. */
export async function listRuns(ctx: Ctx): Promise<RunList> {
  authorize(ctx.actor, "tasks.read");
  const rows = await ctx.database.db
    .select({ run: followUpRuns, by: userNameColumns(users) })
    .from(followUpRuns)
    .leftJoin(users, eq(users.id, followUpRuns.triggeredBy))
    .orderBy(desc(followUpRuns.startedAt), desc(followUpRuns.asOf))
    .limit(RUNS_SHOWN);
  return { items: rows.map(({ run, by }) => presentRun(run, by)) };
}

function presentRun(
  run: typeof followUpRuns.$inferSelect,
  by: { id: string; firstName: string; lastName: string } | null,
): RunView {
  // Rules added later are absent from older runs' counts; unknown ones (a rule since removed) are left out.
  const counts: RunView["counts"] = {};
  for (const id of RULE_IDS) {
    const c = run.counts[id];
    if (c) counts[id] = { created: c.created, closed: c.closed };
  }
  const sum = (key: "created" | "closed") => Object.values(counts).reduce((n, c) => n + c[key], 0);
  return {
    id: run.id,
    asOf: toIso(run.asOf),
    startedAt: toIso(run.startedAt),
    finishedAt: toIso(run.finishedAt),
    trigger: run.trigger as RunView["trigger"],
    triggeredBy: presentUserName(by),
    counts,
    created: sum("created"),
    closed: sum("closed"),
    status: run.status === "failed" ? "failed" : "done",
    error: run.error,
  };
}

import { eq } from "drizzle-orm";
import { TASK_REASON_MIN } from "../../../shared/tasks.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { users } from "../../db/schema/index.ts";
import { AppError, fieldError, versionConflict } from "../../http/errors.ts";
import type { TaskRow } from "./present.ts";

const timeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat("fr-FR", { timeZone, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });

/**
 * A task is worked on while open, from the version the user saw: a task done
 * or closed meanwhile is refused (409) saying by whom and when; a stale
 * version too (409).
 */
export async function assertWorkable(
  tx: Executor,
  ctx: Ctx,
  row: TaskRow,
  input: { version: number },
  timeZone: string,
): Promise<void> {
  if (row.status !== "open") {
    const [closer] = row.closedBy
      ? await tx
          .select({ firstName: users.firstName, lastName: users.lastName })
          .from(users)
          .where(eq(users.id, row.closedBy))
      : [];
    const who =
      ctx.actor.type === "user" && row.closedBy === ctx.actor.id
        ? " par vous-même"
        : closer
          ? ` par ${closer.firstName} ${closer.lastName}`
          : row.status === "closed"
            ? " par les relances automatiques"
            : "";
    const when = row.closedAt ? ` le ${timeFormat(timeZone).format(row.closedAt)}` : "";
    const what = row.status === "done" ? "déjà faite" : "déjà fermée";
    throw new AppError(409, "task_not_open", {
      message: `Cette tâche est ${what}${who}${when}.`,
      details: {
        status: row.status,
        closedAt: row.closedAt?.toISOString() ?? null,
        closedBy: closer && row.closedBy ? { id: row.closedBy, name: `${closer.firstName} ${closer.lastName}` } : null,
        closeReason: row.closeReason,
      },
    });
  }
  if (row.version !== input.version) throw versionConflict(row.version);
}

/** A reassignment's or a postponement's reason, trimmed: required, a few words at least (422 naming "reason"). */
export function requireReason(reason: string | null | undefined): string {
  const text = reason?.trim() ?? "";
  if (text.length < TASK_REASON_MIN) throw fieldError("task_reason_required", "reason");
  return text;
}

import { desc, eq, sql } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import { type Clock, MINUTE_MS } from "../../clock.ts";
import type { Actor, Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { interactions, people, users } from "../../db/schema/index.ts";
import { AppError, type FieldIssue, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emailsOfInteractions } from "../mail/interaction-emails.ts";
import { loadPerson, type PersonKind } from "../people/records.ts";
import { readSettings } from "../settings/settings.ts";
import type { CreateInteractionInput, InteractionView } from "./interaction.schema.ts";

type InteractionRow = typeof interactions.$inferSelect;

export function presentInteraction(row: InteractionRow, author: string | null): InteractionView {
  return {
    id: row.id,
    personId: row.personId,
    occurredAt: toIso(row.occurredAt),
    recordedAt: toIso(row.recordedAt),
    author,
    channel: row.channel as InteractionView["channel"],
    motive: row.motive,
    requestTypes: row.requestTypes,
    comment: row.comment,
    documentsSent: row.documentsSent,
    documentsRequested: row.documentsRequested,
    outcome: row.outcome,
    reached: row.reached,
  };
}

/** Channels of a conversation: each is an attempt that reached the person or not. */
const CONVERSATION_CHANNELS: readonly string[] = ["phone_in", "phone_out", "visit"];

/**
 * Whether an interaction reached the person: what the caller says for a call,
 * else true for a conversation (a visit, a call taken) and null for what is
 * not an attempt (a written message).
 */
function reachedOf(channel: string, reached: boolean | null | undefined): boolean | null {
  if (!CONVERSATION_CHANNELS.includes(channel)) return null;
  return reached ?? true;
}

/**
 * Writes an interaction inside the caller's transaction (the change and its trace on the record commit
 * together), moves the record's last contact forward if newer, and audits it: `auditAfter` is what the
 * audit keeps of it, by default its presented view.
 */
export async function insertInteraction(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  values: Omit<typeof interactions.$inferInsert, "id" | "authorId">,
  auditAfter: (row: InteractionRow) => unknown = (row) => presentInteraction(row, actor.label),
): Promise<InteractionRow> {
  const reached = reachedOf(values.channel, values.reached);
  const [row] = await tx
    .insert(interactions)
    .values({ ...values, reached, authorId: actor.type === "user" ? actor.id : null })
    .returning();
  if (!row) throw new Error("insert returned no row");
  // A call nobody answered is an attempt, not a contact: the record's last contact stays where it was.
  if (reached !== false) {
    await tx
      .update(people)
      .set({
        lastInteractionAt: sql`greatest(${people.lastInteractionAt}, ${values.occurredAt.toISOString()}::timestamptz)`,
      })
      .where(eq(people.id, values.personId));
  }
  await recordAudit(tx, clock, actor, {
    action: "interaction.create",
    entityType: "interaction",
    entityId: row.id,
    after: auditAfter(row),
  });
  return row;
}

/**
 * Records a contact with a prospect or a patient (procedure 2: "ajouter
 * immédiatement une nouvelle interaction"). Motive and request types must be
 * in the settings' lists; the record's last contact moves forward if newer.
 */
export async function createInteraction(ctx: Ctx, kind: PersonKind, personId: string, input: CreateInteractionInput) {
  authorize(ctx.actor, "people.write");
  const now = ctx.clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  // A little slack for clocks that disagree; a contact cannot happen tomorrow.
  if (occurredAt.getTime() > now.getTime() + 5 * MINUTE_MS) throw fieldError("occurred_in_future", "occurredAt");
  if (input.reached !== undefined && input.channel !== "phone_in" && input.channel !== "phone_out") {
    throw fieldError("reached_not_a_call", "reached");
  }
  const { settings } = await readSettings(ctx.database.db);
  if (input.motive && !settings.interactionMotives.some((m) => m.code === input.motive)) {
    throw fieldError("unknown_motive", "motive");
  }
  const unknown: FieldIssue[] = input.requestTypes
    .map((code, i) => ({ code, i }))
    .filter(({ code }) => !settings.requestTypes.some((r) => r.code === code))
    .map(({ code, i }) => ({
      field: `requestTypes.${i}`,
      location: "body",
      message: `type de demande inconnu (« ${code} »)`,
    }));
  if (unknown.length) {
    throw new AppError(422, "unknown_request_type", { details: { issues: unknown } });
  }
  return ctx.database.db.transaction(async (tx) => {
    await loadPerson(tx, personId, kind, { lock: true });
    const row = await insertInteraction(tx, ctx.clock, ctx.actor, {
      personId,
      occurredAt,
      recordedAt: now,
      channel: input.channel,
      motive: input.motive ?? null,
      requestTypes: [...new Set(input.requestTypes)],
      comment: input.comment || null,
      documentsSent: input.documentsSent,
      documentsRequested: input.documentsRequested ?? false,
      outcome: input.outcome || null,
      reached: input.reached,
    });
    return presentInteraction(row, await actorName(tx, ctx.actor));
  });
}

/** "Awa Diop": how a staff member is named to others (timelines, histories), never by her e-mail. */
export const staffName = (user: { firstName: string | null; lastName: string | null }): string | null =>
  user.firstName === null && user.lastName === null
    ? null
    : `${user.firstName ?? ""} ${user.lastName ?? ""}`.trim() || null;

/** The actor as the timeline names it: a user by her name, an API key or the system by its label. */
export async function actorName(executor: Executor, actor: Actor): Promise<string> {
  if (actor.type !== "user") return actor.label;
  const [user] = await executor
    .select({ firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(eq(users.id, actor.id));
  return (user && staffName(user)) ?? actor.label;
}

/**
 * The first line sendDocumentation writes in the interaction's comment (« Documentation par e-mail à … »,
 * « Documentation envoyée par e-mail à … » before): on the timeline, the email's own state says it instead.
 */
const DOCUMENTATION_LINE = /^Documentation (?:envoyée )?par e-mail à [^\n]*\.(?:\n|$)/;

/**
 * A person's interactions, newest first (the timeline of the person page), each with its author's name
 * and, when it sent an email, where that email stands (waiting, sent, failed…) and its outbox line when
 * the reader may open it.
 */
export async function listInteractions(ctx: Ctx, kind: PersonKind, personId: string) {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  await loadPerson(db, personId, kind);
  const rows = await db
    .select({ interaction: interactions, firstName: users.firstName, lastName: users.lastName })
    .from(interactions)
    .leftJoin(users, eq(users.id, interactions.authorId))
    .where(eq(interactions.personId, personId))
    .orderBy(desc(interactions.occurredAt), desc(interactions.recordedAt));
  const emails = await emailsOfInteractions(
    db,
    ctx.actor,
    rows.map((r) => r.interaction.id),
  );
  return rows.map((r) => {
    const view = presentInteraction(r.interaction, staffName(r));
    const email = emails.get(view.id) ?? null;
    const comment =
      email?.purpose === "documentation" && view.comment
        ? view.comment.replace(DOCUMENTATION_LINE, "").trim() || null
        : view.comment;
    return { ...view, comment, email };
  });
}

import { and, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { can } from "../../../shared/permissions.ts";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Actor, Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { outboxEmails, people, users } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import type { OutboxEmailView, OutboxQuery } from "./mail.schema.ts";
import { NO_SMTP_ERROR } from "./sender.ts";

const columns = {
  email: outboxEmails,
  personKind: people.kind,
  personFirstName: people.firstName,
  personLastName: people.lastName,
  authorFirstName: users.firstName,
  authorLastName: users.lastName,
};

type Row = {
  email: typeof outboxEmails.$inferSelect;
  personKind: string | null;
  personFirstName: string | null;
  personLastName: string | null;
  authorFirstName: string | null;
  authorLastName: string | null;
};

/**
 * What staff read instead of the technical reason an email waits without a server (naming SMTP_URL is
 * for the administrators who set it).
 */
export const NO_SMTP_STAFF_ERROR = "L'envoi des e-mails n'est pas encore configuré";

function present(row: Row, actor?: Actor): OutboxEmailView {
  const e = row.email;
  const lastError =
    e.lastError === NO_SMTP_ERROR && actor && !can(actor.role, "mail.manage") ? NO_SMTP_STAFF_ERROR : e.lastError;
  return {
    id: e.id,
    purpose: e.purpose as OutboxEmailView["purpose"],
    from: e.fromAddress,
    to: e.toAddresses,
    cc: e.ccAddresses,
    subject: e.subject,
    attachmentCount: e.attachments.length,
    status: e.status as OutboxEmailView["status"],
    attempts: e.attempts,
    lastError,
    // Only a waiting email has a next attempt.
    nextAttemptAt: e.status === "pending" ? toIso(e.nextAttemptAt) : null,
    sentAt: toIsoOrNull(e.sentAt),
    createdAt: toIso(e.createdAt),
    createdBy: row.authorFirstName === null ? null : `${row.authorFirstName} ${row.authorLastName ?? ""}`.trim(),
    person:
      e.personId && row.personKind
        ? {
            id: e.personId,
            kind: row.personKind as "prospect" | "patient",
            firstName: row.personFirstName ?? "",
            lastName: row.personLastName ?? "",
          }
        : null,
  };
}

function select(executor: Executor, where: SQL | undefined) {
  return executor
    .select(columns)
    .from(outboxEmails)
    .leftJoin(people, eq(people.id, outboxEmails.personId))
    .leftJoin(users, eq(users.id, outboxEmails.createdBy))
    .where(where);
}

/**
 * The emails an actor may see in the outbox: every one with `mail.manage`,
 * otherwise only those they wrote themselves (an API key without it: none).
 */
export function visibleEmails(actor: Actor): SQL | undefined {
  if (can(actor.role, "mail.manage")) return undefined;
  return actor.type === "user" ? eq(outboxEmails.createdBy, actor.id) : sql`false`;
}

/** One email of the outbox as the app shows it, or 404. */
export async function loadOutboxEmail(executor: Executor, id: string, actor?: Actor): Promise<OutboxEmailView> {
  const [row] = await select(executor, eq(outboxEmails.id, id));
  if (!row) throw notFound("email");
  return present(row, actor);
}

/**
 * The outbox, newest first: what was sent, what waits (with its error) and what
 * failed; without `mail.manage`, only the emails the caller wrote.
 */
export async function listOutbox(ctx: Ctx, query: OutboxQuery) {
  authorize(ctx.actor, "mail.send");
  const { db } = ctx.database;
  const visible = visibleEmails(ctx.actor);
  const where = and(
    visible,
    query.status ? eq(outboxEmails.status, query.status) : undefined,
    query.personId ? eq(outboxEmails.personId, query.personId) : undefined,
  );
  const rows = await select(db, where)
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db.select({ n: count() }).from(outboxEmails).where(where);
  const [unsent] = await db
    .select({ n: count() })
    .from(outboxEmails)
    .where(and(visible, inArray(outboxEmails.status, ["pending", "sending", "failed"])));
  return {
    items: rows.map((row) => present(row, ctx.actor)),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    unsent: unsent?.n ?? 0,
    smtpConfigured: Boolean(ctx.config.smtpUrl),
  };
}

/** One email, or 404 when missing or not the caller's to see. */
export async function getOutboxEmail(ctx: Ctx, id: string) {
  authorize(ctx.actor, "mail.send");
  const [row] = await select(ctx.database.db, and(eq(outboxEmails.id, id), visibleEmails(ctx.actor)));
  if (!row) throw notFound("email");
  return present(row, ctx.actor);
}

import { timingSafeEqual } from "node:crypto";
import { and, asc, count, desc, eq, gte, inArray, type SQL } from "drizzle-orm";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import { measureSms, smsCost, toGsm7 } from "../../../shared/sms-text.ts";
import { authorize } from "../../authorize.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Ctx, Services } from "../../context.ts";
import { appointments, people, smsMessages, smsReplies } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { queueVaccineReminders } from "../vaccinations/reminders.ts";
import type { DeliveryReceipt } from "./providers/delivery-receipt.ts";
import { loadAppointmentFacts, queueDueReminders, renderAppointmentSms } from "./reminders.ts";
import { processSmsOutbox, smsStatusCounts } from "./sender.ts";
import type { SmsQuery, SmsRepliesQuery, SmsReplyView, SmsView } from "./sms.schema.ts";
import { nextSendingTime } from "./window.ts";

/** How many appointments the settings page offers to preview a template on. */
const SAMPLE_APPOINTMENTS = 10;

/**
 * Length, encoding, segments and cost of a text, and its « sans accents » version (template editor).
 * With an appointment, the text is a template rendered on it first, and the figures are of the result.
 */
export async function previewSms(ctx: Ctx, input: { text: string; appointmentId?: string }) {
  authorize(ctx.actor, "sms.read");
  const { settings } = await readSettings(ctx.database.db);
  let rendered: string | null = null;
  if (input.appointmentId) {
    const facts = await loadAppointmentFacts(ctx.database.db, input.appointmentId);
    if (!facts) throw notFound("appointment");
    rendered = renderAppointmentSms(settings, facts, input.text);
  }
  const text = rendered ?? input.text;
  const measure = measureSms(text);
  const gsm7Text = toGsm7(text);
  return {
    rendered,
    ...measure,
    cost: smsCost(measure.segments, settings.sms.pricePerSegment),
    gsm7Text,
    gsm7Segments: measureSms(gsm7Text).segments,
  };
}

/** The next scheduled appointments from now, to preview a template on (settings page). */
export async function sampleAppointments(ctx: Ctx) {
  authorize(ctx.actor, "settings.write");
  const rows = await ctx.database.db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      firstName: people.firstName,
      lastName: people.lastName,
      site: appointments.site,
    })
    .from(appointments)
    .innerJoin(people, eq(people.id, appointments.personId))
    .where(and(eq(appointments.status, "scheduled"), gte(appointments.startsAt, ctx.clock.now())))
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(SAMPLE_APPOINTMENTS);
  return { items: rows.map((r) => ({ ...r, startsAt: toIso(r.startsAt) })) };
}

/** A run as of an instant this far from now at most (tests, operations: not a replay of last year). */
const RUN_AS_OF_RANGE_MS = 7 * 24 * HOUR_MS;

/**
 * What the scheduled work does every minute, now: the reminders due as of `asOf` are written (to go
 * now, in the sending window), then the outbox is sent. `asOf` (tests, operations) must be within a
 * week of now; a run as of the past never reminds an appointment less than two hours from now.
 */
export async function runSms(services: Services, asOf?: Date) {
  const now = services.clock.now();
  const at = asOf ?? now;
  if (Math.abs(at.getTime() - now.getTime()) > RUN_AS_OF_RANGE_MS) {
    throw fieldError("sms_run_as_of_out_of_range", "asOf");
  }
  const queued = await queueDueReminders(services, at);
  const vaccines = await queueVaccineReminders(services, at);
  queued.queued += vaccines.queued;
  queued.skipped += vaccines.skipped;
  // The outbox goes by the real clock whatever `asOf`: the sending window and the back-offs are now's.
  const sent = await processSmsOutbox(services, services.config.sms.provider);
  return { asOf: toIso(at), ...queued, ...sent, skippedAtSend: sent.skipped, skipped: queued.skipped + sent.skipped };
}

export async function runSmsNow(ctx: Ctx, asOf?: string) {
  authorize(ctx.actor, "sms.manage");
  return runSms(ctx, asOf ? new Date(asOf) : undefined);
}

type Row = typeof smsMessages.$inferSelect;

function present(row: Row, person: { kind: string; firstName: string; lastName: string } | null): SmsView {
  return {
    id: row.id,
    kind: row.kind as SmsView["kind"],
    status: row.status as SmsView["status"],
    to: row.toPhone,
    text: row.text,
    encoding: row.encoding as SmsView["encoding"],
    segments: row.segments,
    vital: row.vital,
    reason: row.reason,
    attempts: row.attempts,
    nextAttemptAt: row.status === "queued" ? toIso(row.nextAttemptAt) : null,
    provider: row.provider,
    providerId: row.providerId,
    simulated: row.provider === "log",
    createdAt: toIso(row.createdAt),
    sentAt: toIsoOrNull(row.sentAt),
    deliveredAt: toIsoOrNull(row.deliveredAt),
    failedAt: toIsoOrNull(row.failedAt),
    cancelledAt: toIsoOrNull(row.cancelledAt),
    checkedAt: toIsoOrNull(row.checkedAt),
    appointment:
      row.appointmentId && row.appointmentStartsAt
        ? { id: row.appointmentId, startsAt: toIso(row.appointmentStartsAt) }
        : null,
    reminderOffset: row.reminderOffset,
    person:
      row.personId && person
        ? {
            id: row.personId,
            kind: person.kind as "prospect" | "patient",
            firstName: person.firstName,
            lastName: person.lastName,
          }
        : null,
  };
}

const personColumns = { kind: people.kind, firstName: people.firstName, lastName: people.lastName };

/** The SMS outbox, newest first, by person, appointment, status or kind. */
export async function listSms(ctx: Ctx, query: SmsQuery) {
  authorize(ctx.actor, "sms.read");
  const db = ctx.database.db;
  const filters: SQL[] = [];
  if (query.personId) filters.push(eq(smsMessages.personId, query.personId));
  if (query.appointmentId) filters.push(eq(smsMessages.appointmentId, query.appointmentId));
  if (query.status) filters.push(eq(smsMessages.status, query.status));
  if (query.kind) filters.push(eq(smsMessages.kind, query.kind));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const rows = await db
    .select({ sms: smsMessages, person: personColumns })
    .from(smsMessages)
    .leftJoin(people, eq(people.id, smsMessages.personId))
    .where(where)
    .orderBy(desc(smsMessages.createdAt), desc(smsMessages.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db.select({ n: count() }).from(smsMessages).where(where);
  return {
    items: rows.map((r) => present(r.sms, r.person?.kind ? r.person : null)),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    counts: await smsStatusCounts(ctx),
    provider: ctx.config.sms.provider.name,
  };
}

/** The SMS received (from one person, or all), newest first. */
export async function listSmsReplies(ctx: Ctx, query: SmsRepliesQuery) {
  authorize(ctx.actor, "sms.read");
  const db = ctx.database.db;
  const where = query.personId ? eq(smsReplies.personId, query.personId) : undefined;
  const rows = await db
    .select()
    .from(smsReplies)
    .where(where)
    .orderBy(desc(smsReplies.receivedAt), desc(smsReplies.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db.select({ n: count() }).from(smsReplies).where(where);
  return {
    items: rows.map(
      (r): SmsReplyView => ({
        id: r.id,
        receivedAt: toIso(r.receivedAt),
        from: r.fromPhone,
        text: r.text,
        meaning: r.meaning as SmsReplyView["meaning"],
        personId: r.personId,
        appointmentId: r.appointmentId,
        appointmentStartsAt: toIsoOrNull(r.appointmentStartsAt),
        needsCallback: r.needsCallback,
      }),
    ),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function loadSms(ctx: Ctx, id: string): Promise<SmsView> {
  const [row] = await ctx.database.db
    .select({ sms: smsMessages, person: personColumns })
    .from(smsMessages)
    .leftJoin(people, eq(people.id, smsMessages.personId))
    .where(eq(smsMessages.id, id));
  if (!row) throw notFound("sms");
  return present(row.sms, row.person?.kind ? row.person : null);
}

/**
 * An admin's decision on an SMS that may have left (« à vérifier »): it did (sent, never sent again),
 * or send it again (queued, in the sending window). A failed SMS may be sent again too.
 */
export async function decideSms(ctx: Ctx, id: string, decision: "sent" | "resend"): Promise<SmsView> {
  authorize(ctx.actor, "sms.manage");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  await ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(smsMessages).where(eq(smsMessages.id, id)).for("update");
    if (!before) throw notFound("sms");
    if (before.status !== "to_check" && before.status !== "failed") {
      throw new AppError(409, "sms_not_to_check", { details: { status: before.status } });
    }
    if (decision === "sent" && before.status !== "to_check") {
      throw new AppError(409, "sms_not_to_check", { details: { status: before.status } });
    }
    const userId = ctx.actor.type === "user" ? ctx.actor.id : null;
    const [after] = await tx
      .update(smsMessages)
      .set(
        decision === "sent"
          ? { status: "sent", sentAt: before.sentAt ?? now, checkedAt: now, checkedBy: userId }
          : {
              status: "queued",
              attempts: 0,
              failedAt: null,
              nextAttemptAt: nextSendingTime(now, settings.sms.window, settings.timeZone),
              checkedAt: now,
              checkedBy: userId,
            },
      )
      .where(eq(smsMessages.id, id))
      .returning();
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: decision === "sent" ? "sms.confirm_sent" : "sms.resend",
      entityType: "sms",
      entityId: id,
      before: { status: before.status, reason: before.reason },
      after: { status: after?.status },
    });
  });
  return loadSms(ctx, id);
}

/** Whether a callback carries the configured secret (constant time; none configured: refused). */
export function callbackAllowed(services: Services, secret: string): boolean {
  const expected = services.config.sms.deliverySecret;
  if (!expected) return false;
  const a = Buffer.from(secret);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A provider's delivery receipt: the SMS it names becomes delivered or failed (a pending one changes
 * nothing). Matched by the provider's id, or the callback data (our id) when it gives one.
 */
export async function recordDeliveryReceipt(services: Services, receipt: DeliveryReceipt): Promise<boolean> {
  if (receipt.status === "pending") return true;
  const now = services.clock.now();
  const byId = receipt.callbackData && /^[0-9a-f-]{36}$/.test(receipt.callbackData) ? receipt.callbackData : null;
  const match = byId
    ? eq(smsMessages.id, byId)
    : receipt.providerId
      ? eq(smsMessages.providerId, receipt.providerId)
      : undefined;
  if (!match) return false;
  const rows = await services.database.db
    .update(smsMessages)
    .set(
      receipt.status === "delivered"
        ? { status: "delivered", deliveredAt: now, reason: null }
        : {
            status: "failed",
            failedAt: now,
            reason: `Non remis par l'opérateur (${receipt.providerStatus}${receipt.error ? ` : ${receipt.error}` : ""})`,
          },
    )
    .where(and(match, inArray(smsMessages.status, ["sending", "sent", "to_check"])))
    .returning({ id: smsMessages.id });
  return rows.length > 0;
}

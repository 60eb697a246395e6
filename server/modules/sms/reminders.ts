import { and, eq, inArray, isNotNull, ne, notInArray, sql } from "drizzle-orm";
import { appointmentValues, pickTemplate, renderSms } from "../../../shared/sms-templates.ts";
import { measureSms } from "../../../shared/sms-text.ts";
import { addCalendarDays, clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { type SmsKind, smsMessages } from "../../db/schema/index.ts";
import { reminderOffsetCode, type Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { smsRecipient } from "./recipient.ts";
import { clinicInstant, nextSendingTime } from "./window.ts";

/** A reminder is not sent less than this before the appointment (it would come too late to help). */
export const REMINDER_LEAD_MIN_MS = 2 * HOUR_MS;
/** A move within this of the appointment, once its reminder left, is told by a « changement d'horaire » SMS. */
export const MOVE_NOTICE_WITHIN_MS = 48 * HOUR_MS;
/** Rows written by one insert statement. */
const INSERT_CHUNK = 1000;

/** What an appointment's SMS needs to know about it. */
export interface AppointmentFacts {
  id: string;
  personId: string;
  site: string;
  serviceId: string | null;
  startsAt: Date;
  serviceName: string | null;
  practitionerName: string | null;
  firstName: string;
  lastName: string;
  phones: string[];
  smsOptOutAt: Date | null;
  smsOptOutSource: string | null;
}

type SmsInsert = typeof smsMessages.$inferInsert;

/** A template's text filled with an appointment's facts (the SMS sent, and the settings page's preview). */
export function renderAppointmentSms(
  settings: Settings,
  facts: Pick<AppointmentFacts, "site" | "startsAt" | "firstName" | "lastName" | "practitionerName" | "serviceName">,
  template: string,
): string {
  const site = settings.sites.find((s) => s.code === facts.site);
  return renderSms(
    template,
    appointmentValues({
      firstName: facts.firstName,
      lastName: facts.lastName,
      startsAt: facts.startsAt,
      timeZone: settings.timeZone,
      siteName: site?.name ?? facts.site,
      siteAddress: site?.address || settings.clinicAddress,
      practitioner: facts.practitionerName,
      service: facts.serviceName,
      clinicPhone: settings.clinicPhone,
    }),
  );
}

/** One appointment SMS, rendered from its template, ready to insert (skipped, with the reason, when it cannot go). */
export function appointmentSms(
  settings: Settings,
  facts: AppointmentFacts,
  kind: Extract<SmsKind, "appointment_reminder" | "appointment_moved">,
  dueAt: Date,
  extra: { reminderOffset?: string; createdBy?: string | null; createdAt?: Date } = {},
): SmsInsert {
  const template = pickTemplate(settings.sms.templates, kind, facts.site, facts.serviceId);
  const text = renderAppointmentSms(settings, facts, template?.text ?? "");
  const measure = measureSms(text);
  const vital = kind === "appointment_moved";
  const recipient = smsRecipient(facts, vital);
  return {
    kind,
    personId: facts.personId,
    appointmentId: facts.id,
    reminderOffset: extra.reminderOffset ?? null,
    appointmentStartsAt: facts.startsAt,
    toPhone: "to" in recipient ? recipient.to : null,
    text,
    encoding: measure.encoding,
    segments: measure.segments,
    vital,
    status: "to" in recipient ? "queued" : "skipped",
    reason: "skip" in recipient ? recipient.skip : null,
    nextAttemptAt: nextSendingTime(dueAt, settings.sms.window, settings.timeZone),
    // Written now, even by a run as of another instant (`dueAt`).
    createdAt: extra.createdAt ?? dueAt,
    createdBy: extra.createdBy ?? null,
  };
}

/** The instant an offset reminds an appointment: so many clinic days before, at that time. */
export function reminderTime(startsAt: Date, offset: { daysBefore: number; at: string }, timeZone: string): Date {
  return clinicInstant(addCalendarDays(clinicDay(startsAt, timeZone), -offset.daysBefore), offset.at, timeZone);
}

/**
 * The offset due for an appointment as of `asOf`: the latest whose time has come (one SMS, not one per
 * offset missed: booked late, or after a pause of the server), none when the appointment is less than
 * two hours away.
 */
export function dueOffset(
  startsAt: Date,
  offsets: Settings["sms"]["reminderOffsets"],
  asOf: Date,
  timeZone: string,
): string | undefined {
  if (startsAt.getTime() - asOf.getTime() < REMINDER_LEAD_MIN_MS) return undefined;
  let due: { code: string; at: number } | undefined;
  for (const offset of offsets) {
    const at = reminderTime(startsAt, offset, timeZone).getTime();
    if (at <= asOf.getTime() && (!due || at > due.at)) due = { code: reminderOffsetCode(offset), at };
  }
  return due?.code;
}

interface CandidateRow {
  id: string;
  person_id: string;
  site: string;
  service_id: string | null;
  starts_at: string | Date;
  service_name: string | null;
  practitioner_name: string | null;
  first_name: string;
  last_name: string;
  sms_opt_out_at: string | Date | null;
  sms_opt_out_source: string | null;
  phones: string[];
  done: string[] | null;
  moved_notice: boolean;
}

/** The appointments (one, or all starting in [from, until)) with what their SMS need; scheduled ones only unless told. */
const CANDIDATES = (where: string, scheduledOnly = true) => `
  select a.id, a.person_id, a.site, a.service_id, a.starts_at, s.name as service_name, pr.name as practitioner_name,
         p.first_name, p.last_name, p.sms_opt_out_at, p.sms_opt_out_source,
         array(select e164 from person_phones where person_id = p.id order by position) as phones,
         array(select m.reminder_offset from sms_messages m
                where m.appointment_id = a.id and m.appointment_starts_at = date_trunc('milliseconds', a.starts_at)
                  and m.reminder_offset is not null and m.status <> 'cancelled') as done,
         exists(select 1 from sms_messages m
                 where m.appointment_id = a.id and m.appointment_starts_at = date_trunc('milliseconds', a.starts_at)
                   and m.kind = 'appointment_moved' and m.status <> 'cancelled') as moved_notice
    from appointments a
    join people p on p.id = a.person_id
    left join clinic_services s on s.id = a.service_id
    left join practitioners pr on pr.id = a.practitioner_id
   where ${scheduledOnly ? "a.status = 'scheduled' and " : ""}${where}`;

const factsOf = (row: CandidateRow): AppointmentFacts => ({
  id: row.id,
  personId: row.person_id,
  site: row.site,
  serviceId: row.service_id,
  startsAt: new Date(row.starts_at),
  serviceName: row.service_name,
  practitionerName: row.practitioner_name,
  firstName: row.first_name,
  lastName: row.last_name,
  phones: row.phones,
  smsOptOutAt: row.sms_opt_out_at ? new Date(row.sms_opt_out_at) : null,
  smsOptOutSource: row.sms_opt_out_source,
});

/** One appointment's facts (any status unless told: the template preview on a real record); undefined when unknown. */
export async function loadAppointmentFacts(
  executor: Executor,
  id: string,
  scheduledOnly = false,
): Promise<AppointmentFacts | undefined> {
  const result = (await executor.execute(sql`${sql.raw(CANDIDATES("a.id = ", scheduledOnly))}${id}`)) as unknown as {
    rows: CandidateRow[];
  };
  const [row] = result.rows;
  return row ? factsOf(row) : undefined;
}

/** The days before the appointment of an offset's code: « 1@10:00 » → 1. */
const daysBeforeOf = (code: string) => Number(code.slice(0, code.indexOf("@")));

/**
 * Whether an appointment's reminders already written for its start (`done`, not cancelled) cover the
 * offset due: one of that offset, or one of an offset no longer in the settings for the same day (the
 * admin moved « la veille à 10h » to « la veille à 11h »: the day-before reminder has gone, not a second).
 */
export function reminderCovered(due: string, done: readonly string[], configured: ReadonlySet<string>): boolean {
  const days = daysBeforeOf(due);
  return done.some((code) => code === due || (!configured.has(code) && daysBeforeOf(code) === days));
}

/**
 * Cancels the reminders still waiting (night, back-off) that were written for an offset since taken out
 * of the settings: the offset that replaced it writes its own at its time. Set-based, by the real clock.
 */
async function cancelRetiredReminders(services: Services, configured: ReadonlySet<string>): Promise<void> {
  await services.database.db
    .update(smsMessages)
    .set({
      status: "cancelled",
      reason: "horaire de rappel modifié dans les paramètres",
      cancelledAt: services.clock.now(),
      claimedUntil: null,
    })
    .where(
      and(
        eq(smsMessages.kind, "appointment_reminder"),
        eq(smsMessages.status, "queued"),
        isNotNull(smsMessages.reminderOffset),
        notInArray(smsMessages.reminderOffset, [...configured]),
      ),
    );
}

export interface QueueResult {
  queued: number;
  skipped: number;
}

/**
 * Writes the reminders due as of `asOf` (DESIGN §2, procedure 5: « Tous les rendez-vous sont rappelés »):
 * for each appointment still to come, the latest offset whose time has come, once. Idempotent: the unique
 * key (appointment, offset, start) makes a replayed run, a second instance or a restart write nothing more.
 */
export async function queueDueReminders(services: Services, asOf: Date): Promise<QueueResult> {
  const { settings } = await readSettings(services.database.db);
  const { reminderOffsets } = settings.sms;
  const tz = settings.timeZone;
  const maxDays = Math.max(...reminderOffsets.map((o) => o.daysBefore));
  // Every appointment an offset may be due for: from two hours ahead to the end of the farthest offset's day.
  // Two hours ahead of now too: a run as of the past never reminds an appointment of this morning.
  const from = new Date(Math.max(asOf.getTime(), services.clock.now().getTime()) + REMINDER_LEAD_MIN_MS);
  const until = startOfClinicDay(clinicDay(asOf, tz), tz, maxDays + 1);
  const rows = await services.database.query<CandidateRow>(
    CANDIDATES("a.starts_at >= $1 and a.starts_at < $2 and p.merged_into_id is null"),
    [from.toISOString(), until.toISOString()],
  );
  const configured = new Set(reminderOffsets.map(reminderOffsetCode));
  await cancelRetiredReminders(services, configured);
  const inserts: SmsInsert[] = [];
  for (const row of rows) {
    if (row.moved_notice) continue;
    const facts = factsOf(row);
    const offset = dueOffset(facts.startsAt, reminderOffsets, asOf, tz);
    if (!offset || reminderCovered(offset, row.done ?? [], configured)) continue;
    // Written now, to go now (in the sending window), even by a run as of another instant.
    inserts.push(
      appointmentSms(settings, facts, "appointment_reminder", services.clock.now(), { reminderOffset: offset }),
    );
  }
  const result: QueueResult = { queued: 0, skipped: 0 };
  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
    const written = await services.database.db
      .insert(smsMessages)
      .values(inserts.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing()
      .returning({ status: smsMessages.status });
    for (const w of written) {
      if (w.status === "skipped") result.skipped += 1;
      else result.queued += 1;
    }
  }
  return result;
}

interface AppointmentState {
  startsAt: Date;
  status: string;
  site: string;
  serviceId: string | null;
  practitionerId: string | null;
}

/** A reminder that left (or may have) for this start: the person knows that time. */
const TOLD = ["sending", "sent", "delivered", "to_check"];

/**
 * What an appointment's change does to its SMS, in the change's transaction: not scheduled any more
 * (cancelled, attended, no-show) or moved → its waiting SMS are cancelled; moved within 48 h after its
 * reminder left → a « changement d'horaire » SMS. The reminder of a new time is queued when it falls due.
 */
export async function onAppointmentChanged(
  tx: Executor,
  settings: Settings,
  now: Date,
  before: AppointmentState & { id: string },
  after: AppointmentState,
  createdBy: string | null,
): Promise<void> {
  const moved = after.startsAt.getTime() !== before.startsAt.getTime();
  // Another site, service or practitioner: the waiting text is written again when it falls due.
  const reworded =
    after.site !== before.site ||
    after.serviceId !== before.serviceId ||
    after.practitionerId !== before.practitionerId;
  if (after.status === before.status && !moved && !reworded) return;
  const reason =
    after.status === "cancelled"
      ? "rendez-vous annulé"
      : after.status !== "scheduled"
        ? "rendez-vous passé"
        : moved
          ? "rendez-vous déplacé"
          : "rendez-vous modifié (site, service ou praticien)";
  await tx
    .update(smsMessages)
    .set({ status: "cancelled", reason, cancelledAt: now, claimedUntil: null })
    .where(and(eq(smsMessages.appointmentId, before.id), eq(smsMessages.status, "queued")));
  if (!moved || after.status !== "scheduled") return;
  const ahead = after.startsAt.getTime() - now.getTime();
  if (ahead <= 0 || ahead > MOVE_NOTICE_WITHIN_MS) return;
  const [told] = await tx
    .select({ id: smsMessages.id })
    .from(smsMessages)
    .where(
      and(
        eq(smsMessages.appointmentId, before.id),
        // Told a time that is no longer it: the first one, or one of the moves since (a notice waiting
        // for the morning that a second move cancelled told nothing).
        ne(smsMessages.appointmentStartsAt, after.startsAt),
        inArray(smsMessages.status, TOLD),
      ),
    )
    .limit(1);
  if (!told) return;
  const facts = await loadAppointmentFacts(tx, before.id, true);
  if (!facts) return;
  await tx.insert(smsMessages).values(appointmentSms(settings, facts, "appointment_moved", now, { createdBy }));
}

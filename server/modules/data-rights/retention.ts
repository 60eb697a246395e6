import { sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Clock } from "../../clock.ts";
import { type Actor, type Ctx, type Services, systemActor } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { anonymizeAudit, anonymizeRecords, ELIGIBLE } from "./anonymize.ts";
import type { RetentionPreview, RetentionRun } from "./data-rights.schema.ts";

/** Prospects anonymised per transaction: a long backlog never holds one huge transaction. */
export const RETENTION_BATCH = 1_000;
const PREVIEW_SAMPLE = 50;

/** "2026-11-30" less `years` years (29 February → 28 February). */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

interface Window {
  asOf: string;
  cutoff: string;
  cutoffAt: Date;
  years: number;
}

async function windowOf(executor: Executor, clock: Clock, asOf: string | undefined): Promise<Window> {
  const { settings } = await readSettings(executor);
  const today = clinicDay(clock.now(), settings.timeZone);
  // Never ahead of today (a typo would anonymise everyone), never before the records Relais can hold.
  if (asOf !== undefined && (asOf > today || asOf < "1990-01-01"))
    throw fieldError("retention_as_of_out_of_range", "asOf");
  const day = asOf ?? today;
  const years = settings.dataProtection.prospectRetentionYears;
  const cutoff = yearsBefore(day, years);
  return { asOf: day, cutoff, cutoffAt: startOfClinicDay(cutoff, settings.timeZone), years };
}

/**
 * Prospects past the retention period: eligible (never a patient), not yet anonymised, not merged (a merged
 * record follows its target), and with no contact since the cutoff — no first contact, creation, interaction,
 * call or appointment (a coming one counts) on or after it, nor on a record merged into it.
 */
const candidates = (w: Window, extra: string) => sql`
  select p.id, p.first_name, p.last_name,
    greatest(p.last_interaction_at, p.first_contact_date::timestamp at time zone 'UTC', p.created_at) as last_contact
  from people p
  where ${ELIGIBLE} and p.anonymized_at is null and p.merged_into_id is null
    -- A converted prospect merged into it keeps the whole record (the medical retention rules).
    and not exists (select 1 from people m where m.merged_into_id = p.id and (m.converted_at is not null
      or m.converted_to_id is not null
      or exists (select 1 from people x where x.source_prospect_id = m.id or x.provenance_prospect_id = m.id)))
    and p.created_at < ${w.cutoffAt}
    and (p.first_contact_date is null or p.first_contact_date < ${w.cutoff})
    and (p.last_interaction_at is null or p.last_interaction_at < ${w.cutoffAt})
    and not exists (select 1 from calls c where c.person_id = p.id and c.received_at >= ${w.cutoffAt})
    and not exists (select 1 from appointments a where a.person_id = p.id and a.starts_at >= ${w.cutoffAt})
    and not exists (select 1 from sms_replies r where r.person_id = p.id and r.received_at >= ${w.cutoffAt})
    and not exists (select 1 from phone_messages pm where pm.person_id = p.id and pm.created_at >= ${w.cutoffAt})
    and not exists (select 1 from consent_events ce where ce.person_id = p.id and ce.recorded_at >= ${w.cutoffAt}
      and ce.source not in ('stop_reply', 'unsubscribe_link'))
    and not exists (select 1 from follow_up_tasks ft where ft.person_id = p.id and ft.created_at >= ${w.cutoffAt})
    and not exists (select 1 from people m where m.merged_into_id = p.id
      and (m.created_at >= ${w.cutoffAt} or m.last_interaction_at >= ${w.cutoffAt}))
  ${sql.raw(extra)}`;

type CandidateRow = { id: string; first_name: string; last_name: string; last_contact: Date | string };
const rowsOf = async <T>(executor: Executor, query: ReturnType<typeof sql>) =>
  ((await executor.execute(query)) as unknown as { rows: T[] }).rows;

/** What the retention would anonymise as of a day: the count and the first 50, so a person sees what goes. */
export async function previewRetention(ctx: Ctx, asOf?: string): Promise<RetentionPreview> {
  authorize(ctx.actor, "dataRights.manage");
  const { db } = ctx.database;
  const w = await windowOf(db, ctx.clock, asOf);
  const [count] = await rowsOf<{ n: number | string }>(db, sql`select count(*) as n from (${candidates(w, "")}) c`);
  const sample = await rowsOf<CandidateRow>(db, candidates(w, `order by last_contact, p.id limit ${PREVIEW_SAMPLE}`));
  return {
    asOf: w.asOf,
    years: w.years,
    cutoff: w.cutoff,
    count: Number(count?.n ?? 0),
    sample: sample.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      lastContactOn: new Date(r.last_contact).toISOString().slice(0, 10),
    })),
  };
}

/**
 * Anonymises every prospect past the retention period, RETENTION_BATCH per transaction (rows locked with
 * SKIP LOCKED: two instances share the work, never do it twice). Idempotent: a second run finds nobody.
 * Audited: one `person.anonymize` per record (reason `retention`) and one `data_rights.retention_run`.
 */
export async function runRetention(
  services: Services,
  actor: Actor,
  asOf?: string,
  options: { auditEmptyRun?: boolean } = {},
): Promise<RetentionRun> {
  const { db } = services.database;
  const w = await windowOf(db, services.clock, asOf);
  let anonymized = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const batch = await rowsOf<CandidateRow>(
        tx,
        candidates(w, `order by p.id limit ${RETENTION_BATCH} for update of p skip locked`),
      );
      if (batch.length === 0) return 0;
      const ids = batch.map((r) => r.id);
      await anonymizeRecords(tx, services.clock, ids);
      for (const id of ids) {
        await recordAudit(tx, services.clock, actor, anonymizeAudit("prospect", id, "retention", [id], null));
      }
      return batch.length;
    });
    anonymized += done;
    if (done < RETENTION_BATCH) break;
  }
  if (anonymized > 0 || options.auditEmptyRun) {
    await recordAudit(db, services.clock, actor, {
      action: "data_rights.retention_run",
      entityType: "data_rights",
      after: { asOf: w.asOf, cutoff: w.cutoff, years: w.years, anonymized },
    });
  }
  return { asOf: w.asOf, cutoff: w.cutoff, anonymized };
}

/** The admin's « lancer maintenant » (POST /api/data-rights/retention/run). */
export async function runRetentionNow(ctx: Ctx, asOf?: string): Promise<RetentionRun> {
  authorize(ctx.actor, "settings.write");
  return runRetention(ctx, ctx.actor, asOf, { auditEmptyRun: true });
}

/** The daily step of the scheduler: as of the clinic's today, by Relais itself. */
export function runScheduledRetention(services: Services): Promise<RetentionRun> {
  return runRetention(services, systemActor("conservation des données"));
}

import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { people } from "../../db/schema/index.ts";
import { AppError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { presentPerson, presentSummary } from "./present.ts";
import { loadPerson, phonesOf } from "./records.ts";

/**
 * Marks a prospect converted: a patient record is the same person, so the
 * prospect leaves the prospect procedure (status "converted") and the patient
 * records where it came from (its provenance), unless it already has one.
 */
export async function convertProspect(ctx: Ctx, prospectId: string, input: { version: number; patientId: string }) {
  authorize(ctx.actor, "people.write");
  const now = ctx.clock.now();
  const { settings } = await readSettings(ctx.database.db);
  return ctx.database.db.transaction(async (tx) => {
    const prospect = await loadPerson(tx, prospectId, "prospect", { lock: true });
    const patient = await loadPerson(tx, input.patientId, "patient", { lock: true });
    if (prospect.row.version !== input.version) throw versionConflict(prospect.row.version);
    if (prospect.row.convertedAt) throw new AppError(409, "already_converted");
    await tx
      .update(people)
      .set({ convertedAt: now, convertedToId: patient.row.id, version: sql`${people.version} + 1`, updatedAt: now })
      .where(eq(people.id, prospectId));
    if (!patient.row.sourceProspectId) {
      await tx
        .update(people)
        .set({ sourceProspectId: prospectId, version: sql`${people.version} + 1`, updatedAt: now })
        .where(eq(people.id, patient.row.id));
    }
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "prospect.convert",
      entityType: "prospect",
      entityId: prospectId,
      after: { patientId: patient.row.id, ehrNumber: patient.row.ehrNumber, convertedAt: toIso(now) },
    });
    const after = await loadPerson(tx, prospectId, "prospect");
    return presentPerson(after.row, after.phones, settings, now);
  });
}

/**
 * Prospects not yet converted that a patient record matches (same phone, or
 * same folded names and birth date), oldest prospects first — the list a
 * secretary goes through to mark conversions.
 */
export async function suggestConversions(ctx: Ctx, query: { limit: number }) {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  const pairs = await db.execute<{ prospect_id: string; patient_id: string; matched_on: string }>(sql`
    select distinct on (pr.id, pa.id) pr.id as prospect_id, pa.id as patient_id,
           case when pa.provenance_prospect_id = pr.id then 'provenance'
                when exists (
             select 1 from person_phones a join person_phones b on a.e164 = b.e164
              where a.person_id = pr.id and b.person_id = pa.id) then 'phone' else 'name_birth_date' end as matched_on
      from people pr
      join people pa on pa.kind = 'patient' and pa.merged_into_id is null
       and (
         pa.provenance_prospect_id = pr.id
         or exists (select 1 from person_phones a join person_phones b on a.e164 = b.e164
                  where a.person_id = pr.id and b.person_id = pa.id)
         or (pa.last_name_key = pr.last_name_key and pa.first_name_key = pr.first_name_key and pa.birth_date = pr.birth_date)
       )
     where pr.kind = 'prospect' and pr.converted_at is null and pr.merged_into_id is null
     order by pr.id, pa.id
     limit ${query.limit}`);
  const rows = (pairs as unknown as { rows: { prospect_id: string; patient_id: string; matched_on: string }[] }).rows;
  const ids = [...new Set(rows.flatMap((r) => [r.prospect_id, r.patient_id]))];
  if (ids.length === 0) return { suggestions: [] };
  const records = await db
    .select()
    .from(people)
    .where(and(inArray(people.id, ids), isNull(people.mergedIntoId)));
  const byId = new Map(records.map((r) => [r.id, r]));
  const phones = await phonesOf(db, ids);
  const suggestions = rows.flatMap((r) => {
    const prospect = byId.get(r.prospect_id);
    const patient = byId.get(r.patient_id);
    if (!prospect || !patient) return [];
    const prospectCreated = prospect.firstContactDate ?? toIso(prospect.createdAt).slice(0, 10);
    return [
      {
        since: `${prospectCreated}|${toIso(prospect.createdAt)}|${prospect.id}`,
        prospect: presentSummary(prospect, phones.get(prospect.id) ?? []),
        patient: presentSummary(patient, phones.get(patient.id) ?? []),
        matchedOn: r.matched_on as "provenance" | "phone" | "name_birth_date",
        /** The EHR created the patient after the prospect came: a conversion, not an old patient. */
        patientCreatedAfter: patient.ehrCreatedOn !== null && patient.ehrCreatedOn >= prospectCreated,
      },
    ];
  });
  // What the patient said at her entry interview first (procedures 4 and 5), then the oldest first contact first:
  // the order of the tracking table.
  const rank = (s: { matchedOn: string }) => (s.matchedOn === "provenance" ? 0 : 1);
  suggestions.sort((a, b) => rank(a) - rank(b) || a.since.localeCompare(b.since));
  return { suggestions: suggestions.map(({ since: _since, ...suggestion }) => suggestion) };
}

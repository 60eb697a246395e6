import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { checkTypedDay } from "../../date-bounds.ts";
import type { Executor } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { people, temperatureChanges } from "../../db/schema/index.ts";
import { AppError, fieldError } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { recordSmsOptOutChoice } from "../consents/sms-opt-out.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { cleanName, foldName } from "./names.ts";
import type { CreatePatientInput, CreateProspectInput, DuplicateMatch } from "./person.schema.ts";
import { auditPerson, presentPerson, smsOptOutChanges } from "./present.ts";
import { findDuplicates, loadPerson, type PersonKind, parsePhones, savePhones } from "./records.ts";

/** 409 listing the records this one may duplicate; the caller shows them and may confirm. */
function possibleDuplicate(matches: DuplicateMatch[]) {
  return new AppError(409, "possible_duplicate", { details: { matches } });
}

/** The clinic's local date of an instant (first contact defaults to today, in Dakar). */
function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    instant,
  );
}

/**
 * Creates a prospect record (procedure 2). When its phone, or its names and
 * birth date, match an existing prospect or patient, the matches come back
 * first (409); created anyway with `confirmDuplicate`, it is flagged.
 */
export async function createProspect(ctx: Ctx, input: CreateProspectInput) {
  authorize(ctx.actor, "people.write");
  const phones = parsePhones(input.phones);
  if (phones.length === 0 && !input.email) throw fieldError("phone_or_email_required", "phones");
  const { settings } = await readSettings(ctx.database.db);
  if (!settings.origins.some((o) => o.code === input.origin)) throw fieldError("unknown_origin", "origin");
  checkTypedDay(ctx, settings.timeZone, "birthDate", input.birthDate, "birth");
  checkTypedDay(ctx, settings.timeZone, "firstContactDate", input.firstContactDate, "contact");
  return insertPerson(ctx, "prospect", phones, input.confirmDuplicate, {
    lastName: cleanName(input.lastName),
    firstName: cleanName(input.firstName),
    birthDate: input.birthDate ?? null,
    firstContactDate: input.firstContactDate ?? localDate(ctx.clock.now(), settings.timeZone),
    origin: input.origin,
    temperature: input.temperature,
    ...optionalFields(input),
    ...smsOptOutChanges(input.smsOptOut, null, ctx.clock.now()),
  });
}

/** Creates a patient record (most come from the EHR by import; this is the manual way). */
export async function createPatient(ctx: Ctx, input: CreatePatientInput) {
  authorize(ctx.actor, "people.write");
  const phones = parsePhones(input.phones);
  const { settings } = await readSettings(ctx.database.db);
  checkTypedDay(ctx, settings.timeZone, "birthDate", input.birthDate, "birth");
  checkTypedDay(ctx, settings.timeZone, "ehrCreatedOn", input.ehrCreatedOn, "contact");
  await checkProvenance(ctx.database.db, settings, input);
  return insertPerson(ctx, "patient", phones, input.confirmDuplicate, {
    provenanceOrigin: input.provenanceOrigin ?? null,
    provenanceProspectId: input.provenanceProspectId ?? null,
    lastName: cleanName(input.lastName),
    firstName: cleanName(input.firstName),
    birthDate: input.birthDate ?? null,
    ehrNumber: input.ehrNumber ?? null,
    ehrCreatedOn: input.ehrCreatedOn ?? null,
    sex: input.sex ?? null,
    ...optionalFields(input),
    ...smsOptOutChanges(input.smsOptOut, null, ctx.clock.now()),
  });
}

/**
 * A patient's provenance, checked: an origin of the settings (422 naming provenanceOrigin), a prospect record
 * that exists and was not merged (422 naming provenanceProspectId).
 */
export async function checkProvenance(
  executor: Executor,
  settings: Settings,
  input: { provenanceOrigin?: string | null; provenanceProspectId?: string | null },
) {
  if (input.provenanceOrigin && !settings.origins.some((o) => o.code === input.provenanceOrigin)) {
    throw fieldError("unknown_origin", "provenanceOrigin");
  }
  if (input.provenanceProspectId) {
    const [prospect] = await executor
      .select({ kind: people.kind, mergedIntoId: people.mergedIntoId })
      .from(people)
      .where(eq(people.id, input.provenanceProspectId));
    if (prospect?.kind !== "prospect" || prospect.mergedIntoId) {
      throw fieldError("unknown_prospect", "provenanceProspectId");
    }
  }
}

type CommonInput = Pick<CreateProspectInput, "email" | "address" | "insured" | "insurer" | "member" | "notes">;

export function optionalFields(input: Partial<CommonInput>) {
  const fields: Partial<CommonInput> = {};
  for (const key of ["email", "address", "insured", "insurer", "member", "notes"] as const) {
    if (input[key] !== undefined) Object.assign(fields, { [key]: input[key] === "" ? null : input[key] });
  }
  return fields;
}

async function insertPerson(
  ctx: Ctx,
  kind: PersonKind,
  phones: string[],
  confirmDuplicate: boolean,
  values: Omit<typeof people.$inferInsert, "kind" | "lastNameKey" | "firstNameKey" | "createdAt" | "updatedAt"> & {
    lastName: string;
    firstName: string;
  },
) {
  const now = ctx.clock.now();
  const lastNameKey = foldName(values.lastName);
  const firstNameKey = foldName(values.firstName);
  const inserted = ctx.database.db.transaction(async (tx) => {
    if (values.ehrNumber) {
      const taken = await tx.query.people.findFirst({
        where: (p, { eq }) => eq(p.ehrNumber, values.ehrNumber as string),
      });
      if (taken) throw fieldError("ehr_number_taken", "ehrNumber");
    }
    const matches = await findDuplicates(tx, { phones, lastNameKey, firstNameKey, birthDate: values.birthDate });
    if (matches.length && !confirmDuplicate) throw possibleDuplicate(matches);
    const [row] = await tx
      .insert(people)
      .values({
        ...values,
        kind,
        lastNameKey,
        firstNameKey,
        possibleDuplicate: matches.length > 0,
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await savePhones(tx, row.id, phones);
    if (kind === "prospect" && values.temperature) {
      await tx.insert(temperatureChanges).values({
        personId: row.id,
        fromTemperature: null,
        toTemperature: values.temperature,
        changedAt: now,
        changedBy: ctx.actor.type === "user" ? ctx.actor.id : null,
        reason: "création de la fiche",
      });
    }
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: `${kind}.create`,
      entityType: kind,
      entityId: row.id,
      after: auditPerson(row, phones),
    });
    if (values.smsOptOutAt) await recordSmsOptOutChoice(tx, ctx, row.id, true);
    const { settings } = await readSettings(tx);
    const saved = await loadPerson(tx, row.id, kind);
    return { person: presentPerson(saved.row, saved.phones, settings, now), duplicates: matches };
  });
  return inserted.catch(rethrowEhrNumberTaken);
}

/** Two patients given one EHR number at once: the unique index decides, as a 422. */
export function rethrowEhrNumberTaken(error: unknown): never {
  throw isUniqueViolation(error, "people_ehr_number_key") ? fieldError("ehr_number_taken", "ehrNumber") : error;
}

import { and, eq, ne, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { checkTypedDay } from "../../date-bounds.ts";
import { people } from "../../db/schema/index.ts";
import { AppError, fieldError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { recordSmsOptOutChoice } from "../consents/sms-opt-out.ts";
import { readSettings } from "../settings/settings.ts";
import { checkProvenance, optionalFields, rethrowEhrNumberTaken } from "./create-person.ts";
import { cleanName, foldName } from "./names.ts";
import type { UpdatePatientInput, UpdateProspectInput } from "./person.schema.ts";
import { auditPerson, presentPerson, smsOptOutChanges } from "./present.ts";
import { loadPerson, type PersonKind, parsePhones, savePhones } from "./records.ts";

/**
 * Edits a prospect or patient record. The edit must be based on the current
 * version: a stale one gets 409 and the UI offers to reload, never a silent
 * overwrite. The temperature has its own use case (it keeps a history).
 */
export async function updatePerson(
  ctx: Ctx,
  kind: PersonKind,
  id: string,
  input: UpdateProspectInput | UpdatePatientInput,
) {
  authorize(ctx.actor, "people.write");
  const phones = input.phones ? parsePhones(input.phones) : undefined;
  const { settings } = await readSettings(ctx.database.db);
  checkTypedDay(ctx, settings.timeZone, "birthDate", input.birthDate, "birth");
  if ("firstContactDate" in input)
    checkTypedDay(ctx, settings.timeZone, "firstContactDate", input.firstContactDate, "contact");
  if ("ehrCreatedOn" in input) checkTypedDay(ctx, settings.timeZone, "ehrCreatedOn", input.ehrCreatedOn, "contact");
  if ("origin" in input && input.origin !== undefined && !settings.origins.some((o) => o.code === input.origin)) {
    throw fieldError("unknown_origin", "origin");
  }
  if (kind === "patient") await checkProvenance(ctx.database.db, settings, input as UpdatePatientInput);
  const now = ctx.clock.now();
  const updated = ctx.database.db.transaction(async (tx) => {
    const before = await loadPerson(tx, id, kind, { lock: true });
    // Anonymised for good (loi 2008-12): nobody types her data back in.
    if (before.row.anonymizedAt) throw new AppError(409, "record_anonymized");
    if (before.row.version !== input.version) throw versionConflict(before.row.version);
    const changes: Partial<typeof people.$inferInsert> = {
      ...optionalFields(input),
      ...smsOptOutChanges(input.smsOptOut, before.row, now),
    };
    // A new address is not the one a mail server refused: the invalid mark goes (campaigns reach her again).
    if (
      input.email !== undefined &&
      (input.email ?? "").trim().toLowerCase() !== (before.row.email ?? "").trim().toLowerCase()
    ) {
      changes.emailInvalidAt = null;
      changes.emailInvalidAddress = null;
      changes.emailInvalidReason = null;
    }
    if (input.lastName !== undefined) {
      changes.lastName = cleanName(input.lastName);
      changes.lastNameKey = foldName(input.lastName);
    }
    if (input.firstName !== undefined) {
      changes.firstName = cleanName(input.firstName);
      changes.firstNameKey = foldName(input.firstName);
    }
    if (input.birthDate !== undefined) changes.birthDate = input.birthDate;
    if ("firstContactDate" in input && input.firstContactDate !== undefined)
      changes.firstContactDate = input.firstContactDate;
    if ("origin" in input && input.origin !== undefined) changes.origin = input.origin;
    if ("ehrNumber" in input && input.ehrNumber !== undefined) {
      if (input.ehrNumber) {
        const [taken] = await tx
          .select({ id: people.id })
          .from(people)
          .where(and(eq(people.ehrNumber, input.ehrNumber), ne(people.id, id)));
        if (taken) throw fieldError("ehr_number_taken", "ehrNumber");
      }
      changes.ehrNumber = input.ehrNumber;
    }
    if ("ehrCreatedOn" in input && input.ehrCreatedOn !== undefined) changes.ehrCreatedOn = input.ehrCreatedOn;
    if ("sex" in input && input.sex !== undefined) changes.sex = input.sex;
    if ("provenanceOrigin" in input && input.provenanceOrigin !== undefined)
      changes.provenanceOrigin = input.provenanceOrigin;
    if ("provenanceProspectId" in input && input.provenanceProspectId !== undefined)
      changes.provenanceProspectId = input.provenanceProspectId;
    await tx
      .update(people)
      .set({ ...changes, version: sql`${people.version} + 1`, updatedAt: now })
      .where(eq(people.id, id));
    if (phones) await savePhones(tx, id, phones);
    await recordSmsOptOutChoice(tx, ctx, id, input.smsOptOut);
    const after = await loadPerson(tx, id, kind);
    // A prospect keeps a way to reach her: a phone or an e-mail (procedure 2).
    if (kind === "prospect" && after.phones.length === 0 && !after.row.email) {
      throw fieldError(phones ? "phone_or_email_required" : "email_needed_without_phone", phones ? "phones" : "email");
    }
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: `${kind}.update`,
      entityType: kind,
      entityId: id,
      before: auditPerson(before.row, before.phones),
      after: auditPerson(after.row, after.phones),
    });
    return presentPerson(after.row, after.phones, settings, now);
  });
  return updated.catch(rethrowEhrNumberTaken);
}

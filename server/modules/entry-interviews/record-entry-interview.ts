import { and, desc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { appointments, entryInterviews, followUpTasks, pathways, people, users } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { newsletterAnswer, recordNewsletterAnswer } from "../consents/newsletter-answer.ts";
import type { PathwayView } from "../pathways/pathway.schema.ts";
import { presentPathway } from "../pathways/present.ts";
import { clinicToday } from "../pathways/records.ts";
import { openPathwayOfType, startPathwayIn } from "../pathways/start-pathway.ts";
import { checkProvenance } from "../people/create-person.ts";
import { readSettings } from "../settings/settings.ts";
import { completeTasksForSource } from "../tasks/complete-for-source.ts";
import type {
  EntryInterviewList,
  RecordEntryInterviewInput,
  RecordedEntryInterview,
} from "./entry-interview.schema.ts";
import { auditEntryInterview, presentEntryInterview } from "./present.ts";

const interviewExists = () => new AppError(409, "entry_interview_exists");

/** The patient of the interview: 404 unknown, 409 a prospect or a merged record; locked when writing. */
async function loadInterviewPatient(executor: Executor, id: string, options: { forWrite?: boolean } = {}) {
  const query = executor
    .select({
      id: people.id,
      kind: people.kind,
      mergedIntoId: people.mergedIntoId,
      provenanceOrigin: people.provenanceOrigin,
      provenanceProspectId: people.provenanceProspectId,
    })
    .from(people)
    .where(eq(people.id, id));
  const [person] = options.forWrite ? await query.for("update") : await query;
  if (!person) throw notFound("patient");
  if (person.kind !== "patient") throw new AppError(409, "entry_interview_patient_only");
  if (options.forWrite && person.mergedIntoId) throw new AppError(409, "merged_record");
  return person;
}

/** The first visit an open entry-interview task of the patient was made for, none held on it yet. */
async function visitOfOpenTask(tx: Executor, personId: string): Promise<string | null> {
  const [task] = await tx
    .select({ sourceId: followUpTasks.sourceId })
    .from(followUpTasks)
    .where(
      and(
        eq(followUpTasks.rule, "entry-interview"),
        eq(followUpTasks.sourceType, "appointment"),
        eq(followUpTasks.personId, personId),
        eq(followUpTasks.status, "open"),
        sql`not exists (select 1 from entry_interviews i where i.appointment_id::text = ${followUpTasks.sourceId})`,
      ),
    )
    .orderBy(followUpTasks.dueAt)
    .limit(1);
  return task?.sourceId ?? null;
}

/**
 * Records a new patient's entry interview (procedure 5: « un entretien d'entrée
 * doit être tenu avec une secrétaire médicale »), held now by the actor: what
 * was transmitted, what was collected. In the same transaction: the provenance
 * collected is written on the patient's record (the reconciliation with
 * prospects reads it there), the pathway of the visit's purpose is started
 * through the pathways use case (one already open is kept), and the patient's
 * open entry-interview tasks are marked done. At most one interview per visit
 * (409 entry_interview_exists); the visit, when not said (absent, not null), is
 * that of her open entry-interview task. Her newsletter answer, when asked, goes to the consent register
 * (source entry_interview).
 */
export async function recordEntryInterview(
  ctx: Ctx,
  personId: string,
  input: RecordEntryInterviewInput,
): Promise<RecordedEntryInterview> {
  authorize(ctx.actor, "entryInterviews.write");
  const { settings } = await readSettings(ctx.database.db);
  if (input.visitPurpose !== "pregnancy" && (input.ddr || input.dpa)) {
    throw fieldError("entry_interview_not_pregnancy", input.ddr ? "ddr" : "dpa");
  }
  await checkProvenance(ctx.database.db, settings, input);
  if (input.newsletterWish === "yes" && !input.newsletterChannels?.length)
    throw fieldError("newsletter_channel_required", "newsletterChannels");
  const now = ctx.clock.now();
  const heldBy = ctx.actor.type === "user" ? ctx.actor.id : null;

  const recorded = ctx.database.db.transaction(async (tx) => {
    const person = await loadInterviewPatient(tx, personId, { forWrite: true });
    // Not said: the visit of her open entry-interview task, if any (the interview held at that visit).
    const appointmentId = input.appointmentId === undefined ? await visitOfOpenTask(tx, personId) : input.appointmentId;
    if (appointmentId) {
      const [visit] = await tx
        .select({ personId: appointments.personId, convertedToId: people.convertedToId, status: appointments.status })
        .from(appointments)
        .innerJoin(people, eq(people.id, appointments.personId))
        .where(eq(appointments.id, appointmentId));
      // Hers, or the prospect record's she was before her conversion.
      if (!visit || (visit.personId !== personId && visit.convertedToId !== personId))
        throw fieldError("entry_interview_appointment_unknown", "appointmentId");
      if (visit.status === "cancelled" || visit.status === "no_show") {
        throw fieldError("entry_interview_appointment_missed", "appointmentId");
      }
      const [held] = await tx
        .select({ id: entryInterviews.id })
        .from(entryInterviews)
        .where(eq(entryInterviews.appointmentId, appointmentId));
      if (held) throw interviewExists();
    }

    let pathway: PathwayView | null = null;
    let pathwayStarted = false;
    if (input.visitPurpose !== "none") {
      const open = await openPathwayOfType(tx, personId, input.visitPurpose);
      if (open) {
        const [row] = await tx.select().from(pathways).where(eq(pathways.id, open.id));
        if (row) pathway = presentPathway(row, clinicToday(ctx, settings));
      } else {
        pathway = await startPathwayIn(tx, ctx, settings, personId, {
          type: input.visitPurpose,
          ddr: input.ddr,
          dpa: input.dpa,
        });
        pathwayStarted = true;
      }
    }

    // The provenance said at the interview becomes the record's; an empty answer keeps what the record has.
    const provenance = {
      provenanceOrigin: input.provenanceOrigin ?? person.provenanceOrigin,
      provenanceProspectId: input.provenanceProspectId ?? person.provenanceProspectId,
    };
    const provenanceChanged =
      provenance.provenanceOrigin !== person.provenanceOrigin ||
      provenance.provenanceProspectId !== person.provenanceProspectId;
    // updated_at moves either way: the follow-up engine's next incremental run looks at the record again.
    await tx
      .update(people)
      .set(
        provenanceChanged ? { ...provenance, version: sql`${people.version} + 1`, updatedAt: now } : { updatedAt: now },
      )
      .where(eq(people.id, personId));
    if (provenanceChanged) {
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "patient.update",
        entityType: "patient",
        entityId: personId,
        before: { provenanceOrigin: person.provenanceOrigin, provenanceProspectId: person.provenanceProspectId },
        after: provenance,
      });
    }

    const [row] = await tx
      .insert(entryInterviews)
      .values({
        personId,
        appointmentId,
        heldAt: now,
        heldBy,
        transmittedFees: input.transmittedFees,
        transmittedServices: input.transmittedServices,
        provenanceOrigin: input.provenanceOrigin ?? null,
        provenanceProspectId: input.provenanceProspectId ?? null,
        fileCompleted: input.fileCompleted,
        visitPurpose: input.visitPurpose,
        pathwayId: pathway?.id ?? null,
        note: input.note || null,
        createdAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "entry_interview.create",
      entityType: "entry_interview",
      entityId: row.id,
      after: auditEntryInterview(row),
    });

    await recordNewsletterAnswer(
      tx,
      ctx,
      personId,
      "entry_interview",
      newsletterAnswer(input.newsletterWish, input.newsletterChannels),
    );

    const completedTaskIds: string[] = [];
    for (const sourceType of ["appointment", "person"] as const) {
      completedTaskIds.push(
        ...(await completeTasksForSource(tx, ctx.clock, ctx.actor, {
          rule: "entry-interview",
          sourceType,
          personId,
          outcome: "done",
        })),
      );
    }
    return {
      interview: presentEntryInterview(row, heldBy ? ctx.actor.label : null),
      pathway,
      pathwayStarted,
      completedTaskIds,
    };
  });
  return recorded.catch((error: unknown) => {
    if (isUniqueViolation(error, "entry_interviews_appointment_idx")) throw interviewExists();
    if (isUniqueViolation(error, "pathways_one_open_per_type_idx")) throw new AppError(409, "pathway_already_open");
    throw error;
  });
}

/** A patient's entry interviews, newest first, with who held them. */
export async function listEntryInterviews(ctx: Ctx, personId: string): Promise<EntryInterviewList> {
  authorize(ctx.actor, "people.read");
  const { db } = ctx.database;
  await loadInterviewPatient(db, personId);
  const rows = await db
    .select({ interview: entryInterviews, firstName: users.firstName, lastName: users.lastName })
    .from(entryInterviews)
    .leftJoin(users, eq(users.id, entryInterviews.heldBy))
    .where(eq(entryInterviews.personId, personId))
    .orderBy(desc(entryInterviews.heldAt), desc(entryInterviews.id));
  return {
    items: rows.map((r) =>
      presentEntryInterview(r.interview, r.firstName === null ? null : `${r.firstName} ${r.lastName ?? ""}`.trim()),
    ),
  };
}

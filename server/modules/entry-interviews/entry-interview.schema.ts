import { z } from "zod";
import { CONSENT_CHANNELS } from "../../../shared/consents.ts";
import { ENTRY_INTERVIEW_NOTE_MAX, VISIT_PURPOSES } from "../../../shared/entry-interviews.ts";
import { contactDay, isoDateTime } from "../../../shared/schemas.ts";
import { pathwaySchema } from "../pathways/pathway.schema.ts";

export const entryInterviewParams = z.strictObject({ id: z.uuid() });

/**
 * An entry interview as the medical secretary records it (procedure 5): what
 * she transmitted, what she collected. A provenance left empty keeps the
 * record's; a pregnancy needs its DDR or DPA when no pregnancy is open yet.
 */
export const recordEntryInterviewInput = z.strictObject({
  /** The first visit it is held at (an appointment of this patient), when there is one. */
  appointmentId: z.uuid().nullable().optional(),
  transmittedFees: z.boolean(),
  transmittedServices: z.boolean(),
  provenanceOrigin: z.string().min(1).max(40).nullable().optional(),
  provenanceProspectId: z.uuid().nullable().optional(),
  fileCompleted: z.boolean(),
  visitPurpose: z.enum(VISIT_PURPOSES),
  ddr: contactDay.optional(),
  dpa: contactDay.optional(),
  note: z.string().trim().max(ENTRY_INTERVIEW_NOTE_MAX).optional(),
  /** Her answer to « souhaitez-vous recevoir nos newsletters ? », when asked: written in the consent register. */
  newsletterWish: z.enum(["yes", "no"]).optional(),
  /** By which channels, when she wishes them (at least one then). */
  newsletterChannels: z
    .array(z.enum(CONSENT_CHANNELS))
    .max(CONSENT_CHANNELS.length)
    .refine((items) => new Set(items).size === items.length, "deux fois la même valeur")
    .optional(),
});
export type RecordEntryInterviewInput = z.infer<typeof recordEntryInterviewInput>;

export const entryInterviewSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  appointmentId: z.uuid().nullable(),
  heldAt: isoDateTime,
  heldBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  transmittedFees: z.boolean(),
  transmittedServices: z.boolean(),
  provenanceOrigin: z.string().nullable(),
  provenanceProspectId: z.uuid().nullable(),
  fileCompleted: z.boolean(),
  visitPurpose: z.enum(VISIT_PURPOSES),
  /** The pathway started, or found already open, for the visit's purpose. */
  pathwayId: z.uuid().nullable(),
  note: z.string().nullable(),
});
export type EntryInterviewView = z.infer<typeof entryInterviewSchema>;

export const entryInterviewListSchema = z.object({
  /** Newest first. */
  items: z.array(entryInterviewSchema),
});
export type EntryInterviewList = z.infer<typeof entryInterviewListSchema>;

export const recordedEntryInterviewSchema = z.object({
  interview: entryInterviewSchema,
  /** The pathway of the visit's purpose: started now (`started`) or kept (already open); null for none. */
  pathway: pathwaySchema.nullable(),
  pathwayStarted: z.boolean(),
  /** The entry-interview tasks this completed. */
  completedTaskIds: z.array(z.uuid()),
});
export type RecordedEntryInterview = z.infer<typeof recordedEntryInterviewSchema>;

import { z } from "zod";
import { LIMITS, SETTINGS_LIMITS } from "../../../shared/limits.ts";

const name = z.string().trim().min(1).max(LIMITS.nameMax);
const position = z.number().int().min(0).max(10_000);
const version = z.number().int().positive();

export const schedulingIdParams = z.strictObject({ id: z.uuid() });

// --- rooms

export const roomSchema = z.object({
  id: z.uuid(),
  site: z.string(),
  name: z.string(),
  active: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
});
export type RoomView = z.infer<typeof roomSchema>;

export const roomsQuery = z.strictObject({
  /** Only the rooms of this site (a settings site code). */
  site: z.string().max(SETTINGS_LIMITS.siteCodeMax).optional(),
});
export type RoomsQuery = z.infer<typeof roomsQuery>;

export const createRoomInput = z.strictObject({
  site: z.string().trim().min(1).max(SETTINGS_LIMITS.siteCodeMax),
  name,
  position: position.optional(),
});
export type CreateRoomInput = z.infer<typeof createRoomInput>;

export const updateRoomInput = z.strictObject({
  version,
  site: z.string().trim().min(1).max(SETTINGS_LIMITS.siteCodeMax).optional(),
  name: name.optional(),
  active: z.boolean().optional(),
  position: position.optional(),
});
export type UpdateRoomInput = z.infer<typeof updateRoomInput>;

// --- practitioners

export const practitionerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  speciality: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type PractitionerView = z.infer<typeof practitionerSchema>;

const speciality = z.string().trim().max(LIMITS.nameMax);

export const createPractitionerInput = z.strictObject({
  name,
  speciality: speciality.nullable().optional(),
});
export type CreatePractitionerInput = z.infer<typeof createPractitionerInput>;

export const updatePractitionerInput = z.strictObject({
  version,
  name: name.optional(),
  speciality: speciality.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdatePractitionerInput = z.infer<typeof updatePractitionerInput>;

// --- the clinic's services (GET /api/services belongs to the calls module)

export const clinicServiceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  greetingName: z.string().nullable(),
  active: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
});
export type ClinicServiceView = z.infer<typeof clinicServiceSchema>;

const greetingName = z.string().trim().max(LIMITS.nameMax);

export const createServiceInput = z.strictObject({
  name,
  greetingName: greetingName.nullable().optional(),
  position: position.optional(),
});
export type CreateServiceInput = z.infer<typeof createServiceInput>;

export const updateServiceInput = z.strictObject({
  version,
  name: name.optional(),
  greetingName: greetingName.nullable().optional(),
  active: z.boolean().optional(),
  position: position.optional(),
});
export type UpdateServiceInput = z.infer<typeof updateServiceInput>;

import { z } from "zod";
import { LIMITS, SETTINGS_LIMITS } from "../../../shared/limits.ts";
import { isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { SMS_KINDS, SMS_STATUSES } from "../../../shared/sms.ts";

export const APPOINTMENT_STATUSES = ["scheduled", "attended", "no_show", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** What happened to an appointment (appointment_events.kind). */
export const APPOINTMENT_EVENT_KINDS = ["booked", "moved", "edited", "cancelled", "attended", "no_show"] as const;
export type AppointmentEventKind = (typeof APPOINTMENT_EVENT_KINDS)[number];

/** Longest appointment that can be booked (a day). */
export const APPOINTMENT_MAX_MINUTES = 24 * 60;

const siteCode = z.string().trim().min(1).max(SETTINGS_LIMITS.siteCodeMax);
const reason = z.string().trim().max(500);
const notes = z.string().trim().max(LIMITS.notesMax);

export const appointmentIdParams = z.strictObject({ id: z.uuid() });

const named = z.object({ id: z.uuid(), name: z.string() });

export const appointmentPersonSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["prospect", "patient"]),
  lastName: z.string(),
  firstName: z.string(),
  phones: z.array(z.string()),
});

export const appointmentEventSchema = z.object({
  kind: z.enum(APPOINTMENT_EVENT_KINDS),
  at: isoDateTime,
  by: named.nullable(),
  fromStartsAt: isoDateTime.nullable(),
  toStartsAt: isoDateTime.nullable(),
  reason: z.string().nullable(),
});
export type AppointmentEventView = z.infer<typeof appointmentEventSchema>;

export const appointmentSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  person: appointmentPersonSchema,
  site: z.string(),
  room: named.nullable(),
  practitioner: named.nullable(),
  service: named.nullable(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  status: z.enum(APPOINTMENT_STATUSES),
  reason: z.string().nullable(),
  notes: z.string().nullable(),
  clashAccepted: z.boolean(),
  cancelledAt: isoDateTime.nullable(),
  cancelledBy: named.nullable(),
  cancelReason: z.string().nullable(),
  /** The person's answer to the reminder SMS: confirmed (« 1 », « OUI ») or asked to cancel (« 2 », « NON »). */
  confirmation: z.enum(["confirmed", "cancel_requested"]).nullable(),
  confirmationAt: isoDateTime.nullable(),
  /** The latest SMS about this appointment's current time (reminder or change notice), with its state. */
  reminder: z
    .object({
      id: z.uuid(),
      kind: z.enum(SMS_KINDS),
      status: z.enum(SMS_STATUSES),
      reason: z.string().nullable(),
      nextAttemptAt: isoDateTime.nullable(),
      sentAt: isoDateTime.nullable(),
      deliveredAt: isoDateTime.nullable(),
      simulated: z.boolean(),
    })
    .nullable(),
  callId: z.uuid().nullable(),
  createdAt: isoDateTime,
  createdBy: named.nullable(),
  version: z.number().int(),
  /** The history, oldest first: on the single GET and after a write; omitted from lists. */
  events: z.array(appointmentEventSchema).optional(),
});
export type AppointmentView = z.infer<typeof appointmentSchema>;

/** One appointment a booking or a move would overlap (details.clashes of a 409 appointment_clash). */
export const clashSchema = z.object({
  id: z.uuid(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  site: z.string(),
  room: named.nullable(),
  practitioner: named.nullable(),
  person: z.object({ id: z.uuid(), lastName: z.string(), firstName: z.string() }),
  personName: z.string(),
  /** What is shared: the room, the practitioner, or both. */
  sameRoom: z.boolean(),
  samePractitioner: z.boolean(),
});
export type ClashView = z.infer<typeof clashSchema>;

export const bookAppointmentInput = z
  .strictObject({
    personId: z.uuid(),
    site: siteCode,
    roomId: z.uuid().nullable().optional(),
    practitionerId: z.uuid().nullable().optional(),
    serviceId: z.uuid().nullable().optional(),
    startsAt: isoDateTime,
    /** The end, or a duration in minutes from the start. */
    endsAt: isoDateTime.optional(),
    durationMinutes: z.number().int().min(1).max(APPOINTMENT_MAX_MINUTES).optional(),
    reason: reason.nullable().optional(),
    notes: notes.nullable().optional(),
    /** The call of the register during which it was booked. */
    callId: z.uuid().nullable().optional(),
    /** Book although it overlaps another appointment of the room or the practitioner. */
    acceptClash: z.boolean().optional(),
  })
  .refine((input) => input.endsAt !== undefined || input.durationMinutes !== undefined, {
    message: "indiquez la fin (endsAt) ou la durée (durationMinutes)",
    path: ["endsAt"],
  });
export type BookAppointmentInput = z.infer<typeof bookAppointmentInput>;

export const updateAppointmentInput = z.strictObject({
  version: z.number().int().positive(),
  site: siteCode.optional(),
  roomId: z.uuid().nullable().optional(),
  practitionerId: z.uuid().nullable().optional(),
  serviceId: z.uuid().nullable().optional(),
  startsAt: isoDateTime.optional(),
  endsAt: isoDateTime.optional(),
  /** Keeps the end this many minutes after the (new) start. */
  durationMinutes: z.number().int().min(1).max(APPOINTMENT_MAX_MINUTES).optional(),
  reason: reason.nullable().optional(),
  notes: notes.nullable().optional(),
  /** Why it is moved (kept in the appointment's history). */
  moveReason: reason.nullable().optional(),
  acceptClash: z.boolean().optional(),
});
export type UpdateAppointmentInput = z.infer<typeof updateAppointmentInput>;

export const cancelAppointmentInput = z.strictObject({
  version: z.number().int().positive(),
  reason: z.string().trim().min(1).max(500),
});
export type CancelAppointmentInput = z.infer<typeof cancelAppointmentInput>;

export const versionInput = z.strictObject({ version: z.number().int().positive() });

/** A day of the clinic ("YYYY-MM-DD", whole day in its time zone) or an instant. */
const dayOrInstant = z.union([isoDate, isoDateTime]);

export const listAppointmentsQuery = z.strictObject({
  site: siteCode.optional(),
  /** From this day (its start) or instant, inclusive. */
  from: dayOrInstant.optional(),
  /** To this day (inclusive: up to its end) or instant (exclusive). */
  to: dayOrInstant.optional(),
  personId: z.uuid().optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  roomId: z.uuid().optional(),
  practitionerId: z.uuid().optional(),
  /** By start time: asc (default) or desc (newest first, for a person's history). */
  order: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAppointmentsQuery = z.infer<typeof listAppointmentsQuery>;

export const appointmentPageSchema = z.object({ items: z.array(appointmentSchema), total: z.number().int() });
export type AppointmentPage = z.infer<typeof appointmentPageSchema>;

export const planningQuery = z.strictObject({
  site: siteCode,
  from: isoDate,
  days: z.coerce.number().int().min(1).max(7).default(1),
});
export type PlanningQuery = z.infer<typeof planningQuery>;

export const planningItemSchema = z.object({
  id: z.uuid(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  status: z.enum(APPOINTMENT_STATUSES),
  person: z.object({
    id: z.uuid(),
    kind: z.enum(["prospect", "patient"]),
    lastName: z.string(),
    firstName: z.string(),
  }),
  room: named.nullable(),
  practitioner: named.nullable(),
  service: named.nullable(),
  reason: z.string().nullable(),
  /** Overlaps another scheduled or attended appointment of the same room or practitioner. */
  clash: z.boolean(),
  clashAccepted: z.boolean(),
  /** Its reminder SMS's state (null: none written yet). */
  reminderStatus: z.enum(SMS_STATUSES).nullable(),
});
export type PlanningItem = z.infer<typeof planningItemSchema>;

export const planningSchema = z.object({
  site: z.string(),
  timeZone: z.string(),
  days: z.array(
    z.object({
      date: isoDate,
      rooms: z.array(
        z.object({
          room: z.object({ id: z.uuid(), name: z.string(), active: z.boolean() }),
          appointments: z.array(planningItemSchema),
        }),
      ),
      /** Appointments of the site given without a room. */
      withoutRoom: z.array(planningItemSchema),
    }),
  ),
});
export type PlanningView = z.infer<typeof planningSchema>;

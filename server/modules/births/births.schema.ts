import { z } from "zod";
import {
  BABIES_MAX,
  DELIVERY_MODES,
  DELIVERY_PLACES,
  GUEST_BOOK_MAX,
  MOTHERS_GROUP_NETWORKS,
  NEWSLETTER_CHANNELS,
  PLANNED_PLACES,
  WISH_ANSWERS,
} from "../../../shared/births.ts";
import { LIMITS } from "../../../shared/limits.ts";
import { contactDay, isoDate, isoDateTime } from "../../../shared/schemas.ts";
import { CHILD_SEXES } from "../../../shared/vaccination.ts";

const placeNote = z.string().trim().max(200);
const distinct = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, "deux fois la même valeur");

export const pregnancyCallParams = z.strictObject({ id: z.uuid(), pathwayId: z.uuid() });

/** The 36 SA call's checklist as recorded, or corrected (then at the version read). */
export const preparationCallInput = z.strictObject({
  version: z.number().int().positive().optional(),
  told: z.strictObject({ prices: z.boolean(), birthClasses: z.boolean(), mothersGroup: z.boolean() }),
  plannedPlace: z.enum(PLANNED_PLACES),
  /** Where, when elsewhere (a hospital, a town). */
  plannedPlaceNote: placeNote.optional(),
  newsletterWish: z.enum(WISH_ANSWERS),
  /** By which channels, when she wishes them (at least one then). */
  newsletterChannels: distinct(z.enum(NEWSLETTER_CHANNELS), NEWSLETTER_CHANNELS.length).default([]),
  mothersGroupNetworks: distinct(z.enum(MOTHERS_GROUP_NETWORKS), MOTHERS_GROUP_NETWORKS.length).default([]),
  childFollowUp: z.enum(WISH_ANSWERS),
  note: z.string().trim().max(LIMITS.commentMax).optional(),
});
export type PreparationCallInput = z.infer<typeof preparationCallInput>;

export const preparationCallSchema = z.object({
  id: z.uuid(),
  pathwayId: z.uuid(),
  personId: z.uuid(),
  heldAt: isoDateTime,
  heldBy: z.string().nullable(),
  told: z.object({ prices: z.boolean(), birthClasses: z.boolean(), mothersGroup: z.boolean() }),
  plannedPlace: z.enum(PLANNED_PLACES),
  plannedPlaceNote: z.string().nullable(),
  newsletterWish: z.enum(WISH_ANSWERS),
  newsletterChannels: z.array(z.enum(NEWSLETTER_CHANNELS)),
  mothersGroupNetworks: z.array(z.enum(MOTHERS_GROUP_NETWORKS)),
  childFollowUp: z.enum(WISH_ANSWERS),
  note: z.string().nullable(),
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type PreparationCallView = z.infer<typeof preparationCallSchema>;
export const preparationCallResult = z.object({ call: preparationCallSchema.nullable() });

export const motherParams = z.strictObject({ id: z.uuid() });
export const deliveryParams = z.strictObject({ deliveryId: z.uuid() });

const babyInput = z.strictObject({
  firstName: z.string().trim().min(1).max(LIMITS.nameMax),
  lastName: z.string().trim().min(1).max(LIMITS.nameMax),
  sex: z.enum(CHILD_SEXES),
});

export const recordDeliveryInput = z.strictObject({
  deliveredOn: contactDay,
  place: z.enum(DELIVERY_PLACES),
  placeNote: placeNote.optional(),
  mode: z.enum(DELIVERY_MODES),
  /** Known at once when the delivery is recorded after the discharge. */
  dischargedOn: contactDay.optional(),
  /** One record per baby (twins: two), each enrolled in paediatrics. */
  babies: z.array(babyInput).min(1).max(BABIES_MAX),
});
export type RecordDeliveryInput = z.infer<typeof recordDeliveryInput>;

export const dischargeInput = z.strictObject({
  version: z.number().int().positive(),
  dischargedOn: contactDay,
});
export type DischargeInput = z.infer<typeof dischargeInput>;

export const deliverySchema = z.object({
  id: z.uuid(),
  motherId: z.uuid(),
  pathwayId: z.uuid().nullable(),
  deliveredOn: isoDate,
  place: z.enum(DELIVERY_PLACES),
  placeNote: z.string().nullable(),
  mode: z.enum(DELIVERY_MODES),
  dischargedOn: isoDate.nullable(),
  children: z.array(
    z.object({ id: z.uuid(), firstName: z.string(), lastName: z.string(), sex: z.enum(CHILD_SEXES).nullable() }),
  ),
  guestBook: z.array(z.object({ id: z.uuid(), text: z.string(), mayQuote: z.boolean(), writtenOn: isoDate })),
  createdAt: isoDateTime,
  version: z.number().int(),
});
export type DeliveryView = z.infer<typeof deliverySchema>;
export const deliveryListSchema = z.object({ items: z.array(deliverySchema) });

export const guestBookInput = z.strictObject({
  text: z.string().trim().min(1).max(GUEST_BOOK_MAX),
  /** She allows the clinic to quote it (website, brochure), without her name. */
  mayQuote: z.boolean(),
});
export type GuestBookInput = z.infer<typeof guestBookInput>;

export const guestBookQuery = z.strictObject({
  quotable: z.enum(["true", "false"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export const guestBookListSchema = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      text: z.string(),
      mayQuote: z.boolean(),
      writtenOn: isoDate,
      /** Her name is shown to staff only; a quote goes out without it. */
      personId: z.uuid().nullable(),
      personName: z.string().nullable(),
    }),
  ),
});

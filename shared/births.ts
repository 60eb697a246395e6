/**
 * The birth of procedure 5 (DESIGN §2): the 36 SA preparation call's checklist,
 * the delivery, the babies, the discharge. Codes are stable: stored in the
 * database and carried by the API; labels are in the i18n files.
 */

/** Where a delivery took place, or is planned. */
export const DELIVERY_PLACES = ["nest", "elsewhere"] as const;
export type DeliveryPlace = (typeof DELIVERY_PLACES)[number];

/** How a baby was born. */
export const DELIVERY_MODES = ["vaginal", "instrumental", "cesarean"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** A mother's answer when she may not know yet. */
export const WISH_ANSWERS = ["yes", "no", "undecided"] as const;
export type WishAnswer = (typeof WISH_ANSWERS)[number];

/** Where she plans to give birth: at NEST, elsewhere, or not decided yet. */
export const PLANNED_PLACES = ["nest", "elsewhere", "undecided"] as const;
export type PlannedPlace = (typeof PLANNED_PLACES)[number];

/** The channels a newsletter may come by. */
export const NEWSLETTER_CHANNELS = ["email", "sms", "whatsapp"] as const;
export type NewsletterChannel = (typeof NEWSLETTER_CHANNELS)[number];

/** The networks of the « Groupe des Mamans NEST ». */
export const MOTHERS_GROUP_NETWORKS = ["whatsapp", "facebook"] as const;
export type MothersGroupNetwork = (typeof MOTHERS_GROUP_NETWORKS)[number];

/**
 * What the CRM secretary transmits at the 36 SA call (procedure 5, « À 36 semaines de grossesse »):
 * each a box she ticks, stored as a boolean.
 */
export const WEEK36_TOLD = ["prices", "birthClasses", "mothersGroup"] as const;
export type Week36Told = (typeof WEEK36_TOLD)[number];

/** Babies of one delivery (twins, triplets…). */
export const BABIES_MAX = 4;

/** Longest guest book text. */
export const GUEST_BOOK_MAX = 2000;

/** Gestational age of the preparation call (36 SA + 0), and the week before which it counts as in time (37 SA). */
export const WEEK36_DAYS = 36 * 7;
export const WEEK37_DAYS = 37 * 7;

/**
 * The consent register (loi 2008-12, DESIGN §2): what a person agreed to receive, per purpose and channel,
 * with its whole history. Codes are stable: stored in the database and carried by the API; labels are in
 * the i18n files.
 */

/** Why a message is sent: newsletters and offers need a granted consent; reminders are service messages. */
export const CONSENT_PURPOSES = ["newsletter", "offers_events", "reminders"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Service messages: sent unless refused (no consent needed, a withdrawal stops them). */
export const SERVICE_PURPOSES: readonly ConsentPurpose[] = ["reminders"];
/** Promotional messages: sent only with a consent granted for that channel. */
export const PROMOTIONAL_PURPOSES: readonly ConsentPurpose[] = ["newsletter", "offers_events"];

export const CONSENT_CHANNELS = ["email", "sms", "whatsapp"] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** How it was said. */
export const CONSENT_SOURCES = [
  "call",
  "entry_interview",
  "week36_call",
  "web_form",
  "import",
  "unsubscribe_link",
  "stop_reply",
  "record",
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/**
 * The wording shown or read to the person when she answered, stored with each entry (what she agreed to
 * must be provable later, even after the wording changes).
 */
export const CONSENT_WORDINGS: Record<ConsentPurpose, string> = {
  newsletter:
    "J'accepte de recevoir les newsletters de la clinique (conseils santé, grossesse, allaitement, enfant). Je peux me désinscrire à tout moment, gratuitement.",
  offers_events:
    "J'accepte de recevoir les offres et les invitations aux événements de la clinique. Je peux me désinscrire à tout moment, gratuitement.",
  reminders:
    "Je reçois les rappels de mes rendez-vous et des vaccins de mes enfants. Je peux les refuser à tout moment.",
};

/** The sources a staff member may record (the API, the person page); the others only Relais itself records. */
export const STAFF_CONSENT_SOURCES = [
  "call",
  "entry_interview",
  "week36_call",
  "web_form",
  "import",
  "record",
] as const satisfies readonly ConsentSource[];
export type StaffConsentSource = (typeof STAFF_CONSENT_SOURCES)[number];

/** A note of the consent register, at most this long. */
export const CONSENT_NOTE_MAX = 500;

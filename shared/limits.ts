/** Field limits, defined once and used by the zod schemas, the database and the forms. */
export const LIMITS = {
  emailMax: 254,
  nameMax: 100,
  passwordMin: 10,
  passwordMax: 200,
  apiKeyNameMax: 100,
  clinicNameMax: 120,
  holidayLabelMax: 120,
  listLabelMax: 120,
  addressMax: 300,
  notesMax: 5000,
  commentMax: 5000,
  phonesMax: 5,
  lookupQueryMax: 100,
  /** JSON request bodies; file uploads get their own limit per route. */
  jsonBodyBytes: 1024 * 1024,
  /** An import file: 100,000 rows of the legacy table are about 9 MB. */
  importFileBytes: 16 * 1024 * 1024,
  /** Data rows of one import file; a longer file is refused before anything is checked. */
  importRowsMax: 200_000,
  /** Row errors listed in an import's report; all of them come as CSV on request. */
  importErrorsListed: 1000,
} as const;

/**
 * Login throttling (server/modules/auth/throttle.ts): per (e-mail, address)
 * pair, failures in a row allowed before an exponential back-off; per address,
 * a far higher ceiling of failures in a window.
 */
export const LOGIN_THROTTLE = {
  freeFailures: 5,
  firstDelayMinutes: 1,
  maxDelayMinutes: 15,
  /** Failures of a pair older than this are forgotten. */
  pairWindowMinutes: 60,
  ipWindowMinutes: 15,
  maxFailuresPerIp: 300,
} as const;

/** Bounds of the clinic settings (server validation and the settings form). */
export const SETTINGS_LIMITS = {
  siteCodeMax: 20,
  clinicPhoneMax: 40,
  statusThresholdMaxDays: 3650,
  followUpMax: {
    firstResponseBusinessDays: 30,
    slaBreachDays: 365,
    hotCallBusinessDays: 30,
    recallDays: 90,
    newPatientCallHours: 720,
    postDischargeCallDays: 90,
  },
} as const;

/** Bounds of the SMS settings and requests. */
export const SMS_LIMITS = {
  reminderDaysMax: 14,
  reminderOffsetsMax: 4,
  priceMax: 10_000,
  /** A template or a text to preview: ten segments of GSM-7 at most. */
  templateMax: 1530,
  /** What is kept of an SMS received: ten segments. */
  replyChars: 1600,
} as const;

/**
 * Bounds of the days a person types (API, import, settings). Lower bounds are
 * static; the upper bound is the clinic's today (birth dates) or today + 1 day
 * (first contacts, interactions: a late-evening entry in another time zone),
 * checked with the clock by the use cases (server/date-bounds.ts).
 */
export const DATE_BOUNDS = {
  birthDateMin: "1900-01-01",
  /** The clinic's records start after 1990; older is a typing error. */
  contactDateMin: "1990-01-01",
  /**
   * Days after the clinic's today a first contact or an EHR creation day may carry: a week, because
   * the legacy tables carry the announced day of a visit or event a few days ahead (the sample table
   * has one five days ahead); further is a typing error (wrong month or year).
   */
  contactDaysAhead: 7,
} as const;

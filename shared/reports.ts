/**
 * The conversion tracking table of procedure 2 (DESIGN §4): the one comment
 * each prospect of a cohort gets, in the order they are tried (first match
 * wins; the three « Renseignements » share the seventh place). French labels
 * are in the i18n files (`conversion.<code>`).
 */
export const CONVERSION_COMMENTS = [
  "converted",
  "already_patient",
  "duplicate_prospect",
  "upcoming_appointment",
  "cancelled_appointment",
  "no_show",
  "information_programme",
  "information_quote",
  "information",
  "empty",
] as const;
export type ConversionComment = (typeof CONVERSION_COMMENTS)[number];

/** How a patient or another prospect record was found to be the same person. */
export const MATCHED_ON = ["reconciliation", "phone", "identity"] as const;
export type MatchedOn = (typeof MATCHED_ON)[number];

/** The default cohort: the prospects created this many days before today (« date du jour – 4 semaines »). */
export const CONVERSION_COHORT_DAYS = 28;

/** The longest period one table covers (a year, whatever its days). */
export const CONVERSION_MAX_DAYS = 366;

/**
 * The compliance dashboard's shares, one per procedure rule (DESIGN §3, issue 6):
 * what counts and what is met is in server/modules/reports/compliance.ts.
 */
export const COMPLIANCE_SHARES = [
  "calls-linked",
  "calls-resumed",
  "first-response-2bd",
  "first-response-15d",
  "hot-48h",
  "recall-7d",
  "entry-interview",
  "new-patient-72h",
  "week-36",
  "post-discharge-10d",
  "surveys-answered",
  "vaccine-reminded",
  "vaccine-doses-late",
  "vaccine-late",
  "no-show",
  "sms-reminded",
  "sms-delivered",
  "no-show-reminded",
  "no-show-not-reminded",
] as const;
export type ComplianceShareId = (typeof COMPLIANCE_SHARES)[number];

/**
 * The follow-up rules of DESIGN §3 as the server and the web app name them.
 * Labels are in the i18n files (`rules.<id>`); what each rule does is in
 * server/modules/followup/rules/.
 */
export const RULE_IDS = [
  "first-response",
  "hot-48h",
  "warm-48h",
  "requalified-hot",
  "recall-7d",
  "docs-pending",
  "call-resume",
  "message-ack",
  "new-patient-72h",
  "sms-reply",
  "week-36",
  "post-discharge-10d",
  "entry-interview",
  "survey-low-score",
  "vaccine-late",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What a task was made from. */
export const TASK_SOURCE_TYPES = [
  "person",
  "interaction",
  "temperature_change",
  "call",
  "message",
  "appointment",
  "sms_reply",
  "pathway",
  "delivery",
  "survey_response",
  "vaccine_dose",
] as const;
export type TaskSourceType = (typeof TASK_SOURCE_TYPES)[number];

/** open: to do; done: a person completed it; closed: the engine closed it, its condition no longer holding. */
export const TASK_STATUSES = ["open", "done", "closed"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Rules whose task is a phone call to the person (never for a cold prospect). */
export const CALL_RULES: readonly RuleId[] = [
  "first-response",
  "hot-48h",
  "warm-48h",
  "requalified-hot",
  "recall-7d",
  "new-patient-72h",
  "sms-reply",
  "week-36",
  "post-discharge-10d",
  "survey-low-score",
  "vaccine-late",
];

/** The comment procedure 2 asks on the interaction that completes a 7-day recall. */
export const RECALL_COMMENT = "RAPPEL 7 JOURS";

/** Why the engine closed a task (labels in the i18n files, `closeReasons.<code>`). */
export const CLOSE_REASONS = [
  "answered",
  "new_interaction",
  "temperature_changed",
  "appointment_booked",
  "converted",
  "merged",
  "called",
  "recall_recorded",
  "documents_sent",
  "resumed",
  "acknowledged",
  "visit_not_attended",
  "source_deleted",
  "appointment_changed",
  "pathway_ended",
  "dates_corrected",
  "checklist_recorded",
  "interview_held",
  "dose_recorded",
  "anonymized",
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Where a task stands against asOf, in the clinic's days (the Odoo colours: red, orange, green). */
export const TASK_BUCKETS = ["overdue", "today", "upcoming"] as const;
export type TaskBucket = (typeof TASK_BUCKETS)[number];

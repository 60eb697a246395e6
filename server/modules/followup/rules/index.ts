import type { RuleId } from "../../../../shared/followup.ts";
import { callResume } from "./call-resume.ts";
import { docsPending } from "./docs-pending.ts";
import { entryInterview } from "./entry-interview.ts";
import { firstResponse } from "./first-response.ts";
import { hot48h } from "./hot-48h.ts";
import { messageAck } from "./message-ack.ts";
import { newPatient72h } from "./new-patient-72h.ts";
import { postDischarge10d } from "./post-discharge-10d.ts";
import { recall7d } from "./recall-7d.ts";
import { requalifiedHot } from "./requalified-hot.ts";
import type { Rule } from "./rule.ts";
import { smsReply } from "./sms-reply.ts";
import { surveyLowScore } from "./survey-low-score.ts";
import { vaccineLate } from "./vaccine-late.ts";
import { warm48h } from "./warm-48h.ts";
import { week36 } from "./week-36.ts";

/** The rules of DESIGN §3. */
export const RULES: readonly Rule[] = [
  firstResponse,
  hot48h,
  warm48h,
  requalifiedHot,
  recall7d,
  docsPending,
  callResume,
  messageAck,
  newPatient72h,
  smsReply,
  week36,
  postDischarge10d,
  entryInterview,
  surveyLowScore,
  vaccineLate,
];

export const ruleById = (id: RuleId) => RULES.find((r) => r.id === id);

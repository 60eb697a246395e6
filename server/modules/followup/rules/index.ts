import type { RuleId } from "../../../../shared/followup.ts";
import { callResume } from "./call-resume.ts";
import { docsPending } from "./docs-pending.ts";
import { firstResponse } from "./first-response.ts";
import { hot48h } from "./hot-48h.ts";
import { messageAck } from "./message-ack.ts";
import { newPatient72h } from "./new-patient-72h.ts";
import { recall7d } from "./recall-7d.ts";
import { requalifiedHot } from "./requalified-hot.ts";
import type { Rule } from "./rule.ts";
import { smsReply } from "./sms-reply.ts";
import { vaccineLate } from "./vaccine-late.ts";
import { warm48h } from "./warm-48h.ts";

/** The rules of DESIGN §3 whose data exists; week-36 and post-discharge-10d come with pathways. */
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
  vaccineLate,
];

export const ruleById = (id: RuleId) => RULES.find((r) => r.id === id);

import type { CallOutcome, CallChannel as Channel } from "../../../../server/modules/calls/call.schema.ts";
import { CALL_OUTCOME_VALUES, type Call, OPEN_OUTCOME_VALUES, RESUME_OUTCOME_VALUES } from "../../api/calls.ts";

export type CallChannel = Channel;
export type { CallOutcome };

/** The steps of procedure 1, in order. */
export const STEPS = ["greeting", "request", "caller", "interaction", "answer", "closing"] as const;
export type Step = (typeof STEPS)[number];

/** The three cases of procedure 1 once the caller is identified. */
export const ANSWER_CASES = ["appointment", "information", "documentation"] as const;
export type AnswerCase = (typeof ANSWER_CASES)[number];

/** Outcomes offered at the end, in the order of procedure 3. */
export const CLOSING_OUTCOMES = CALL_OUTCOME_VALUES;

/** The line was saved « à reprendre » or « rappellera » and not resumed yet. */
export const isLeftOpen = (call: Call): boolean =>
  call.resumedAt === null && call.outcome !== null && OPEN_OUTCOME_VALUES.includes(call.outcome);

/** How a line left open may end once resumed (the register's resume). */
export const isResumeOutcome = (outcome: CallOutcome): outcome is (typeof RESUME_OUTCOME_VALUES)[number] =>
  (RESUME_OUTCOME_VALUES as readonly CallOutcome[]).includes(outcome);

/** Where /appels/:id/ecran reopens a line saved half-done: the first step with nothing saved. */
export function resumeStep(call: Call): Step {
  if (!call.request && call.cameBefore === null) return "request";
  if (!call.personId) return "caller";
  if (!call.interactionId) return "interaction";
  return "answer";
}

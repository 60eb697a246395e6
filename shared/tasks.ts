/**
 * Follow-up tasks as the server and the web app both handle them (the rules,
 * statuses and buckets are in followup.ts).
 */

/** A reassignment's or a postponement's reason: a few words at least (audited, shown in the task's history). */
export const TASK_REASON_MIN = 3;
export const TASK_REASON_MAX = 500;

/** How a completed task ended: the call's result, or plain done (a task closed by its own form). */
export const TASK_OUTCOMES = ["reached", "not_reached", "wrong_number", "done"] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** The outcomes of a call made for a call rule (each records an interaction on the person). */
export const CALL_OUTCOMES = ["reached", "not_reached", "wrong_number"] as const satisfies readonly TaskOutcome[];

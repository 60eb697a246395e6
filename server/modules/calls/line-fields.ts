import { MINUTE_MS } from "../../clock.ts";
import type { Executor } from "../../db/client.ts";
import type { calls } from "../../db/schema/index.ts";
import { AppError } from "../../http/errors.ts";
import { ERROR_MESSAGES, type ErrorCode } from "../../i18n/messages.ts";
import type { CreateCallInput, UpdateCallInput } from "./call.schema.ts";
import { OPEN_OUTCOMES } from "./call.schema.ts";
import type { CallRow } from "./present.ts";
import { checkReferences, interactionPerson, phoneOrNull } from "./references.ts";

export type CallChanges = Partial<typeof calls.$inferInsert>;

/** How old a line typed offline may be when it reaches the server. */
export const CAPTURE_MAX_AGE_MS = 7 * 24 * 60 * MINUTE_MS;
/** Desks' clocks may run a little ahead of the server's. */
const CLOCK_SLACK_MS = 5 * MINUTE_MS;

/** A 400 naming the field, with the code's French message. */
export const ruleError = (code: ErrorCode, field: string) =>
  new AppError(400, code, {
    message: ERROR_MESSAGES[code],
    details: { issues: [{ field, location: "body", message: ERROR_MESSAGES[code] }] },
  });

/** The capture time of a line typed offline, checked: not ahead of the server by more than the slack, at most 7 days old. */
export function checkCapturedAt(capturedAt: string | undefined, now: Date): Date | null {
  if (capturedAt === undefined) return null;
  const at = new Date(capturedAt);
  if (at.getTime() > now.getTime() + CLOCK_SLACK_MS) throw ruleError("captured_in_future", "capturedAt");
  if (at.getTime() < now.getTime() - CAPTURE_MAX_AGE_MS) throw ruleError("captured_too_old", "capturedAt");
  return at;
}

const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value || null);

/**
 * The column changes of a register line created or completed with these fields,
 * checked against the database: the phone parses, every id points at a row, the
 * interaction belongs to the linked record, a transferred call says to whom.
 * Setting an outcome closes the line (closedAt); an open outcome reopens it.
 * `at` is when the receptionist made these changes: now, or the capture time of a
 * line typed offline and sent later (its link and closing happened then).
 */
export async function resolveLineChanges(
  tx: Executor,
  input: Omit<CreateCallInput, "channel"> & Partial<Pick<UpdateCallInput, "channel">>,
  current: CallRow | null,
  now: Date,
  at: Date = now,
): Promise<CallChanges> {
  const changes: CallChanges = {};
  if (input.channel !== undefined) changes.channel = input.channel;
  if (input.receivedAt !== undefined) {
    const receivedAt = new Date(input.receivedAt);
    // A little slack for clocks that disagree; a call cannot come in tomorrow.
    if (receivedAt.getTime() > now.getTime() + CLOCK_SLACK_MS) throw ruleError("received_in_future", "receivedAt");
    changes.receivedAt = receivedAt;
  }
  const phone = phoneOrNull(input.phone, "phone");
  if (phone !== undefined) changes.phone = phone;
  for (const key of ["callerName", "request", "notes"] as const) {
    const value = blankToNull(input[key]);
    if (value !== undefined) changes[key] = value;
  }
  if (input.cameBefore !== undefined) changes.cameBefore = input.cameBefore;
  if (input.holdSeconds !== undefined) changes.holdSeconds = input.holdSeconds;
  for (const key of ["transferredInServiceId", "transferServiceId", "transferUserId", "personId"] as const) {
    if (input[key] !== undefined) changes[key] = input[key];
  }
  await checkReferences(tx, [
    { field: "transferredInServiceId", kind: "service", id: input.transferredInServiceId },
    { field: "transferServiceId", kind: "service", id: input.transferServiceId },
    { field: "transferUserId", kind: "user", id: input.transferUserId },
    { field: "personId", kind: "person", id: input.personId },
  ]);

  const personId = input.personId !== undefined ? input.personId : (current?.personId ?? null);
  if (input.interactionId !== undefined) {
    changes.interactionId = input.interactionId;
    if (input.interactionId) {
      const owner = await interactionPerson(tx, input.interactionId);
      // An interaction given alone links its record too.
      if (personId === null) changes.personId = owner;
      else if (personId !== owner) throw ruleError("interaction_not_of_person", "interactionId");
    }
  } else if (input.personId !== undefined && current?.interactionId) {
    // The line now points at another record: the interaction of the former one no longer fits.
    const owner = await interactionPerson(tx, current.interactionId).catch(() => null);
    if (owner !== personId) changes.interactionId = null;
  }

  // When the line got its record (procedure 1 asks for it by the end of the day; the compliance dashboard measures it).
  const linkedBefore = current?.personId ?? null;
  const linkedAfter = changes.personId !== undefined ? changes.personId : linkedBefore;
  if (linkedAfter === null) changes.linkedAt = null;
  else if (linkedBefore === null) changes.linkedAt = at;

  if (input.outcome !== undefined) {
    changes.outcome = input.outcome;
    if (input.outcome === null) changes.closedAt = null;
    else if (input.outcome !== current?.outcome || !current.closedAt) changes.closedAt = at;
    const reopened = input.outcome === null || (OPEN_OUTCOMES as readonly string[]).includes(input.outcome);
    if (reopened && current?.resumedAt && input.outcome !== current.outcome) {
      changes.resumedAt = null;
      changes.resumedBy = null;
    }
  }
  const outcome = changes.outcome !== undefined ? changes.outcome : (current?.outcome ?? null);
  if (outcome === "transferred") {
    const service = changes.transferServiceId !== undefined ? changes.transferServiceId : current?.transferServiceId;
    const user = changes.transferUserId !== undefined ? changes.transferUserId : current?.transferUserId;
    if (!service && !user) throw ruleError("transfer_target_required", "transferServiceId");
  }
  return changes;
}

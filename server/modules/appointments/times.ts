import { MINUTE_MS } from "../../clock.ts";
import { fieldError } from "../../http/errors.ts";
import { APPOINTMENT_MAX_MINUTES } from "./appointment.schema.ts";

/** The end of an appointment from its end or its duration; it must follow the start, within a day. */
export function resolveTimes(
  startsAt: Date,
  input: { endsAt?: string | undefined; durationMinutes?: number | undefined },
  fallbackEnd?: Date,
): { startsAt: Date; endsAt: Date } {
  let endsAt: Date;
  if (input.endsAt !== undefined) endsAt = new Date(input.endsAt);
  else if (input.durationMinutes !== undefined)
    endsAt = new Date(startsAt.getTime() + input.durationMinutes * MINUTE_MS);
  else if (fallbackEnd) endsAt = fallbackEnd;
  else throw fieldError("appointment_end_before_start", "endsAt", 400);
  if (endsAt.getTime() <= startsAt.getTime()) throw fieldError("appointment_end_before_start", "endsAt", 400);
  if (endsAt.getTime() - startsAt.getTime() > APPOINTMENT_MAX_MINUTES * MINUTE_MS) {
    throw fieldError("appointment_too_long", "endsAt", 400);
  }
  return { startsAt, endsAt };
}

import { type TypedDayKind, typedDayOutOfBounds } from "../shared/schemas.ts";
import { clinicDay } from "./clinic-calendar.ts";
import type { Ctx } from "./context.ts";
import { fieldError } from "./http/errors.ts";

/**
 * Refuses a typed day beyond its bounds (shared/schemas.ts typedDayOutOfBounds)
 * with a 400 naming the field; "today" is the clinic's, in its time zone.
 */
export function checkTypedDay(
  ctx: Ctx,
  timeZone: string,
  field: string,
  day: string | null | undefined,
  kind: TypedDayKind,
) {
  if (!day) return;
  if (typedDayOutOfBounds(day, kind, clinicDay(ctx.clock.now(), timeZone)) === null) return;
  throw fieldError(kind === "birth" ? "birth_date_out_of_range" : "contact_date_out_of_range", field, 400);
}

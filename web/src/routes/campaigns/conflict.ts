import { ApiError } from "../../api/client.ts";
import { isVersionConflict } from "../../components/feedback.tsx";
import { i18n } from "../../i18n/index.ts";

/** A stale version (409) told the composer's way: « modifiée par quelqu'un d'autre, rechargez ». */
export function withConflictMessage(error: unknown): unknown {
  return isVersionConflict(error) && error instanceof ApiError
    ? new ApiError(error.status, error.code, i18n.t("campaigns.form.conflict"), error.details)
    : error;
}

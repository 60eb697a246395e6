import type { ConsentChannel, ConsentPurpose, ConsentSource } from "../../../shared/consents.ts";
import type { consentEvents } from "../../db/schema/index.ts";
import { staffName } from "../interactions/interactions.ts";
import type { ConsentEntryView } from "./consent.schema.ts";

type ConsentEventRow = typeof consentEvents.$inferSelect;

/** A history row (with its author's names, when known) → its API shape. */
export function presentConsentEntry(
  row: ConsentEventRow,
  author: { firstName: string | null; lastName: string | null },
): ConsentEntryView {
  return {
    id: row.id,
    purpose: row.purpose as ConsentPurpose,
    channel: row.channel as ConsentChannel,
    granted: row.granted,
    source: row.source as ConsentSource,
    wording: row.wording,
    note: row.note,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: row.recordedBy ? { id: row.recordedBy, name: staffName(author) ?? "" } : null,
  };
}

import type {
  DIGEST_MARK_MAX,
  Digest,
  DigestLine,
  DigestMarkResult,
  DigestProcessedFilter,
  DigestUnmarkResult,
} from "../../../server/modules/digest/digest.schema.ts";
import { api, buildUrl } from "./client.ts";

/** The daily digest of procedure 2 (« suivi quotidien »). */
export type { Digest, DigestLine, DigestProcessedFilter };

/** The server's limit per request, repeated so that zod stays out of the page (tsc fails if they differ). */
const MARK_MAX = 500 satisfies typeof DIGEST_MARK_MAX;

export const digestKeys = {
  /** Every cached digest: invalidated after a mark or an undo. */
  all: ["digest"] as const,
  day: (day: string, processed: DigestProcessedFilter) => ["digest", day, processed] as const,
};

export const fetchDigest = (day: string, processed: DigestProcessedFilter, signal?: AbortSignal) =>
  api<Digest>("GET", "/api/digest", { query: { day, processed }, signal });

/** The parts of a selection, each small enough for one request. */
function inParts(ids: readonly string[]): string[][] {
  const parts: string[][] = [];
  for (let i = 0; i < ids.length; i += MARK_MAX) parts.push(ids.slice(i, i + MARK_MAX));
  return parts;
}

/** Marks interactions processed; returns how many this call marked. */
export async function markProcessed(ids: readonly string[]): Promise<number> {
  let marked = 0;
  for (const part of inParts(ids)) {
    marked += (await api<DigestMarkResult>("POST", "/api/digest/processed", { body: { interactionIds: part } })).marked;
  }
  return marked;
}

/** Undoes marks made by mistake; returns how many were undone. */
export async function unmarkProcessed(ids: readonly string[]): Promise<number> {
  let unmarked = 0;
  for (const part of inParts(ids)) {
    unmarked += (await api<DigestUnmarkResult>("POST", "/api/digest/unprocessed", { body: { interactionIds: part } }))
      .unmarked;
  }
  return unmarked;
}

/** The address of the day's digest as XLSX, for a plain download link. */
export const digestExportUrl = (day: string, processed: DigestProcessedFilter) =>
  buildUrl("/api/digest/export.xlsx", { day, processed });

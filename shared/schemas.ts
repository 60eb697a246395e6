import { z } from "zod";

/** Instants travel as ISO 8601 strings with their offset (UTC "Z" from the server). */
export const isoDateTime = z.iso.datetime({ offset: true });

export const toIso = (d: Date): string => d.toISOString();
export const toIsoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

import { eq, inArray } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { documents, settings } from "../../db/schema/index.ts";
import { fieldError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Settings, settingsSchema } from "./settings.schema.ts";

/**
 * Reads a stored value key by key: a key missing (added since it was saved) or
 * no longer valid (a rule tightened since) takes its default instead of
 * making every screen fail.
 */
function parseStored(value: unknown): Settings {
  const whole = settingsSchema.safeParse(value);
  if (whole.success) return whole.data;
  const stored = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const entries = Object.entries(settingsSchema.shape).map(([key, schema]) => {
    const parsed = schema.safeParse(stored[key]);
    return [key, parsed.success ? parsed.data : schema.parse(undefined)];
  });
  return Object.fromEntries(entries) as Settings;
}

/** The settings and their version; the row always exists (seeded by migration 0001). */
export async function readSettings(executor: Executor, options: { lock?: boolean } = {}) {
  const query = executor.select().from(settings).where(eq(settings.id, 1));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new Error("the settings row is missing: run the migrations");
  return { version: row.version, settings: parseStored(row.value) };
}

export async function getSettings(ctx: Ctx) {
  authorize(ctx.actor, "settings.read");
  return readSettings(ctx.database.db);
}

/** An admin saves the settings; based on a stale version it is refused (409). */
export async function updateSettings(ctx: Ctx, input: { version: number; settings: Settings }) {
  authorize(ctx.actor, "settings.write");
  const value: Settings = {
    ...input.settings,
    holidays: [...input.settings.holidays].sort((a, b) => a.date.localeCompare(b.date)),
  };
  const updatedBy = ctx.actor.type === "user" ? ctx.actor.id : null;
  return ctx.database.db.transaction(async (tx) => {
    const before = await readSettings(tx, { lock: true });
    if (before.version !== input.version) throw versionConflict(before.version);
    await checkDocumentPacks(tx, value.documentPacks);
    const version = before.version + 1;
    await tx.update(settings).set({ value, version, updatedAt: ctx.clock.now(), updatedBy }).where(eq(settings.id, 1));
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "settings.update",
      entityType: "settings",
      entityId: "1",
      before: before.settings,
      after: value,
    });
    return { version, settings: value };
  });
}

/** Every document of a pack is one of the library's (422 naming the pack's entry otherwise). */
async function checkDocumentPacks(tx: Executor, packs: Settings["documentPacks"]) {
  const ids = [...new Set([...packs.week36, ...packs.postDelivery])];
  if (ids.length === 0) return;
  const known = new Set(
    (await tx.select({ id: documents.id }).from(documents).where(inArray(documents.id, ids))).map((d) => d.id),
  );
  for (const pack of ["week36", "postDelivery"] as const) {
    const index = packs[pack].findIndex((id) => !known.has(id));
    if (index >= 0) throw fieldError("unknown_document", `settings.documentPacks.${pack}.${index}`);
  }
}

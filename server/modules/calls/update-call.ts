import { eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { calls } from "../../db/schema/index.ts";
import { fieldError, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { loadConsentPerson } from "../consents/consent-person.ts";
import { newsletterAnswer, recordNewsletterAnswer } from "../consents/newsletter-answer.ts";
import type { CallView, UpdateCallInput } from "./call.schema.ts";
import { resolveLineChanges } from "./line-fields.ts";
import { loadCallView, lockCall } from "./present.ts";

/**
 * Completes or corrects a register line (the paper-notebook case: a line saved
 * half-done is completed later). Based on a stale version it is refused (409). The closing may say the caller
 * wants the newsletters, by which channels: granted in her consent register (source call), same transaction.
 */
export async function updateCall(ctx: Ctx, id: string, input: UpdateCallInput): Promise<CallView> {
  authorize(ctx.actor, "calls.write");
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const current = await lockCall(tx, id);
    if (current.version !== input.version) throw versionConflict(current.version);
    const before = await loadCallView(tx, id);
    const { version: _version, newsletterChannels, ...fields } = input;
    const changes = await resolveLineChanges(tx, fields, current, now);
    await tx
      .update(calls)
      .set({ ...changes, version: sql`${calls.version} + 1`, updatedAt: now })
      .where(eq(calls.id, id));
    if (newsletterChannels?.length) {
      const personId = changes.personId !== undefined ? changes.personId : current.personId;
      if (!personId) throw fieldError("consent_person_required", "newsletterChannels");
      await loadConsentPerson(tx, personId, { forWrite: true });
      await recordNewsletterAnswer(tx, ctx, personId, "call", newsletterAnswer("yes", newsletterChannels));
    }
    const after = await loadCallView(tx, id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "call.update",
      entityType: "call",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

import { count, desc, eq, sql } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { deliveries, guestBookEntries, people } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { clinicToday, loadPathwayPatient } from "../pathways/records.ts";
import { readSettings } from "../settings/settings.ts";
import type { DeliveryView, GuestBookInput } from "./births.schema.ts";
import { loadDelivery } from "./deliveries.ts";

const PAGE = 50;

/**
 * What a mother writes in the guest book (« livre d'or ») at discharge, typed at the desk or by herself on the
 * tablet, with whether the clinic may quote it. Kept with her delivery; audited.
 */
export async function addGuestBookEntry(ctx: Ctx, deliveryId: string, input: GuestBookInput): Promise<DeliveryView> {
  authorize(ctx.actor, "people.write");
  const { settings } = await readSettings(ctx.database.db);
  const now = ctx.clock.now();
  return ctx.database.db.transaction(async (tx) => {
    const [delivery] = await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId));
    if (!delivery) throw notFound("delivery");
    await loadPathwayPatient(tx, delivery.motherId, { forWrite: true });
    const [row] = await tx
      .insert(guestBookEntries)
      .values({
        deliveryId,
        personId: delivery.motherId,
        text: input.text,
        mayQuote: input.mayQuote,
        writtenOn: clinicToday(ctx, settings),
        createdAt: now,
        createdBy: ctx.actor.type === "user" ? ctx.actor.id : null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "guest_book.create",
      entityType: "guest_book_entry",
      entityId: row.id,
      after: row,
    });
    return loadDelivery(tx, deliveryId);
  });
}

/** The guest book, newest first, 50 a page; `quotable` keeps only what may be quoted. */
export async function listGuestBook(ctx: Ctx, query: { quotable?: "true" | "false"; page: number }) {
  authorize(ctx.actor, "people.read");
  const where = query.quotable === undefined ? undefined : eq(guestBookEntries.mayQuote, query.quotable === "true");
  const db = ctx.database.db;
  const [total] = await db.select({ n: count() }).from(guestBookEntries).where(where);
  const rows = await db
    .select({
      id: guestBookEntries.id,
      text: guestBookEntries.text,
      mayQuote: guestBookEntries.mayQuote,
      writtenOn: guestBookEntries.writtenOn,
      personId: guestBookEntries.personId,
      personName: sql<string | null>`${people.firstName} || ' ' || ${people.lastName}`,
    })
    .from(guestBookEntries)
    .leftJoin(people, eq(people.id, guestBookEntries.personId))
    .where(where)
    .orderBy(desc(guestBookEntries.writtenOn), desc(guestBookEntries.createdAt))
    .limit(PAGE)
    .offset((query.page - 1) * PAGE);
  return { total: total?.n ?? 0, items: rows };
}

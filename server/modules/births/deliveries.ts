import { TZDate } from "@date-fns/tz";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { addCalendarDays } from "../../../shared/days.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import {
  deliveries,
  deliveryChildren,
  followUpTasks,
  guestBookEntries,
  pathways,
  people,
} from "../../db/schema/index.ts";
import { fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { closePathway } from "../pathways/end-pathway.ts";
import { clinicToday, loadPathwayPatient } from "../pathways/records.ts";
import { insertPathway } from "../pathways/start-pathway.ts";
import { cleanName, foldName } from "../people/names.ts";
import { auditPerson } from "../people/present.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { DeliveryView, DischargeInput, RecordDeliveryInput } from "./births.schema.ts";

type DeliveryRow = typeof deliveries.$inferSelect;

/** A mother's deliveries, newest first, each with its babies and what she wrote in the guest book. */
async function loadDeliveries(executor: Executor, where: { motherId?: string; id?: string }): Promise<DeliveryView[]> {
  const rows = await executor
    .select()
    .from(deliveries)
    .where(where.id ? eq(deliveries.id, where.id) : eq(deliveries.motherId, where.motherId ?? ""))
    .orderBy(sql`${deliveries.deliveredOn} desc, ${deliveries.createdAt} desc`);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const children = await executor
    .select({
      deliveryId: deliveryChildren.deliveryId,
      id: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      sex: people.sex,
    })
    .from(deliveryChildren)
    .innerJoin(people, eq(people.id, deliveryChildren.childId))
    .where(inArray(deliveryChildren.deliveryId, ids))
    .orderBy(asc(deliveryChildren.rank));
  const entries = await executor
    .select()
    .from(guestBookEntries)
    .where(inArray(guestBookEntries.deliveryId, ids))
    .orderBy(asc(guestBookEntries.createdAt));
  return rows.map((row) => present(row, children, entries));
}

function present(
  row: DeliveryRow,
  children: { deliveryId: string; id: string; firstName: string; lastName: string; sex: string | null }[],
  entries: (typeof guestBookEntries.$inferSelect)[],
): DeliveryView {
  return {
    id: row.id,
    motherId: row.motherId,
    pathwayId: row.pathwayId,
    deliveredOn: row.deliveredOn,
    place: row.place as DeliveryView["place"],
    placeNote: row.placeNote,
    mode: row.mode as DeliveryView["mode"],
    dischargedOn: row.dischargedOn,
    children: children
      .filter((c) => c.deliveryId === row.id)
      .map((c) => ({ id: c.id, firstName: c.firstName, lastName: c.lastName, sex: c.sex as "female" | "male" | null })),
    guestBook: entries
      .filter((e) => e.deliveryId === row.id)
      .map((e) => ({ id: e.id, text: e.text, mayQuote: e.mayQuote, writtenOn: e.writtenOn })),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

export async function loadDelivery(executor: Executor, id: string): Promise<DeliveryView> {
  const [view] = await loadDeliveries(executor, { id });
  if (!view) throw notFound("delivery");
  return view;
}

/** A mother's deliveries (the patient page's « Naissances » card). */
export async function listDeliveries(ctx: Ctx, motherId: string) {
  authorize(ctx.actor, "people.read");
  await loadPathwayPatient(ctx.database.db, motherId);
  return { items: await loadDeliveries(ctx.database.db, { motherId }) };
}

function checkDischarge(dischargedOn: string | undefined, deliveredOn: string, today: string) {
  if (dischargedOn === undefined) return;
  if (dischargedOn < deliveredOn) throw fieldError("discharge_before_delivery", "dischargedOn");
  if (dischargedOn > today) throw fieldError("discharge_in_future", "dischargedOn");
}

/**
 * Records a delivery (procedure 5, « Après la naissance »), in one transaction: the mother's open pregnancy
 * ends (« accouchée ») and she enters postpartum; each baby becomes a patient record linked to her
 * (people.mother_id; twins are two), born that day, enrolled in paediatrics. Every write audited. The
 * discharge may come with it or later (dischargeDelivery); a delivery at NEST then makes the 10-day call.
 */
export async function recordDelivery(ctx: Ctx, motherId: string, input: RecordDeliveryInput): Promise<DeliveryView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicToday(ctx, settings);
  if (input.deliveredOn > today) throw fieldError("delivery_in_future", "deliveredOn");
  checkDischarge(input.dischargedOn, input.deliveredOn, today);
  const now = ctx.clock.now();
  const by = ctx.actor.type === "user" ? ctx.actor.id : null;

  return ctx.database.db.transaction(async (tx) => {
    const mother = await loadPathwayPatient(tx, motherId, { forWrite: true });
    const [pregnancy] = await tx
      .select()
      .from(pathways)
      .where(and(eq(pathways.personId, motherId), eq(pathways.type, "pregnancy"), isNull(pathways.endedOn)))
      .for("update");
    if (pregnancy) {
      if (input.deliveredOn < pregnancy.startedOn) throw fieldError("delivery_before_pregnancy", "deliveredOn");
      await closePathway(tx, ctx, pregnancy, { endedOn: input.deliveredOn, exitReason: "delivered", note: null });
    }
    const [postpartum] = await tx
      .select({ id: pathways.id })
      .from(pathways)
      .where(and(eq(pathways.personId, motherId), eq(pathways.type, "postpartum"), isNull(pathways.endedOn)));
    if (!postpartum) await insertPathway(tx, ctx, motherId, "postpartum", input.deliveredOn);

    const [delivery] = await tx
      .insert(deliveries)
      .values({
        motherId: mother.id,
        pathwayId: pregnancy?.id ?? null,
        deliveredOn: input.deliveredOn,
        place: input.place,
        placeNote: input.place === "elsewhere" ? input.placeNote || null : null,
        mode: input.mode,
        dischargedOn: input.dischargedOn ?? null,
        createdAt: now,
        createdBy: by,
        updatedAt: now,
      })
      .returning();
    if (!delivery) throw new Error("insert returned no row");

    for (const [index, baby] of input.babies.entries()) {
      const lastName = cleanName(baby.lastName);
      const firstName = cleanName(baby.firstName);
      const [child] = await tx
        .insert(people)
        .values({
          kind: "patient",
          lastName,
          firstName,
          lastNameKey: foldName(lastName),
          firstNameKey: foldName(firstName),
          birthDate: input.deliveredOn,
          sex: baby.sex,
          motherId: mother.id,
          createdAt: now,
          createdBy: by,
          updatedAt: now,
        })
        .returning();
      if (!child) throw new Error("insert returned no row");
      await recordAudit(tx, ctx.clock, ctx.actor, {
        action: "patient.create",
        entityType: "patient",
        entityId: child.id,
        after: auditPerson(child, []),
      });
      await tx.insert(deliveryChildren).values({ deliveryId: delivery.id, childId: child.id, rank: index + 1 });
      await insertPathway(tx, ctx, child.id, "pediatrics", input.deliveredOn);
    }
    const view = await loadDelivery(tx, delivery.id);
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "delivery.create",
      entityType: "delivery",
      entityId: delivery.id,
      after: view,
    });
    return view;
  });
}

/** The instant the 10-day call is due for a discharge day: closing time, so many days after. */
export function postDischargeDueAt(settings: Settings, dischargedOn: string): Date {
  const day = addCalendarDays(dischargedOn, settings.followUp.postDischargeCallDays);
  const [y, mo, d] = day.split("-").map(Number) as [number, number, number];
  const [h, m] = settings.businessDays.closesAt.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, mo - 1, d, h, m, settings.timeZone).getTime());
}

/**
 * Records or corrects the mother's discharge day, at the version read. A corrected day moves the open
 * 10-day call with it (the engine made it for the day first recorded).
 */
export async function dischargeDelivery(ctx: Ctx, deliveryId: string, input: DischargeInput): Promise<DeliveryView> {
  authorize(ctx.actor, "pathways.write");
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicToday(ctx, settings);
  return ctx.database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(deliveries).where(eq(deliveries.id, deliveryId)).for("update");
    if (!before) throw notFound("delivery");
    await loadPathwayPatient(tx, before.motherId, { forWrite: true });
    if (before.version !== input.version) throw versionConflict(before.version);
    checkDischarge(input.dischargedOn, before.deliveredOn, today);
    const [after] = await tx
      .update(deliveries)
      .set({ dischargedOn: input.dischargedOn, updatedAt: ctx.clock.now(), version: sql`${deliveries.version} + 1` })
      .where(eq(deliveries.id, deliveryId))
      .returning();
    if (!after) throw notFound("delivery");
    await tx
      .update(followUpTasks)
      .set({ dueAt: postDischargeDueAt(settings, input.dischargedOn), version: sql`${followUpTasks.version} + 1` })
      .where(
        and(
          eq(followUpTasks.rule, "post-discharge-10d"),
          eq(followUpTasks.sourceId, deliveryId),
          eq(followUpTasks.status, "open"),
        ),
      );
    await recordAudit(tx, ctx.clock, ctx.actor, {
      action: "delivery.discharge",
      entityType: "delivery",
      entityId: deliveryId,
      before: { dischargedOn: before.dischargedOn, version: before.version },
      after: { dischargedOn: after.dischargedOn, version: after.version },
    });
    return loadDelivery(tx, deliveryId);
  });
}

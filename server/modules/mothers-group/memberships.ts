import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type {
  InvitationChannel,
  MembershipSource,
  MembershipStatus,
  MothersGroupNetwork,
} from "../../../shared/mothers-group.ts";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { mothersGroupEvents, mothersGroupMemberships, people, users } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound, versionConflict } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { staffName } from "../interactions/interactions.ts";
import type { MembershipsView, MembershipView, SetMembershipInput } from "./mothers-group.schema.ts";

export type MembershipRow = typeof mothersGroupMemberships.$inferSelect;

/** The mother: 404 unknown, 409 a prospect (the group is for NEST's patients) or, when writing, a merged record. */
export async function loadMother(executor: Executor, id: string, options: { forWrite?: boolean } = {}) {
  const query = executor.select().from(people).where(eq(people.id, id));
  const [person] = options.forWrite ? await query.for("update") : await query;
  if (!person) throw notFound("patient");
  if (person.kind !== "patient") throw new AppError(409, "mothers_group_patient_only");
  if (options.forWrite && person.mergedIntoId) throw new AppError(409, "merged_record");
  return person;
}

/** Her memberships with their history (newest change first), WhatsApp then Facebook. */
export async function membershipsOf(executor: Executor, personId: string): Promise<MembershipView[]> {
  const rows = await executor
    .select()
    .from(mothersGroupMemberships)
    .where(eq(mothersGroupMemberships.personId, personId))
    .orderBy(desc(mothersGroupMemberships.network));
  if (rows.length === 0) return [];
  const events = await executor
    .select({ event: mothersGroupEvents, firstName: users.firstName, lastName: users.lastName })
    .from(mothersGroupEvents)
    .leftJoin(users, eq(users.id, mothersGroupEvents.recordedBy))
    .where(
      inArray(
        mothersGroupEvents.membershipId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(mothersGroupEvents.occurredAt), desc(mothersGroupEvents.id));
  return rows.map((row) => ({
    ...presentMembership(row),
    history: events
      .filter((e) => e.event.membershipId === row.id)
      .map(({ event, firstName, lastName }) => ({
        fromStatus: event.fromStatus as MembershipStatus | null,
        toStatus: event.toStatus as MembershipStatus,
        source: event.source as MembershipSource,
        note: event.note,
        occurredAt: toIso(event.occurredAt),
        recordedBy: staffName({ firstName, lastName }),
      })),
  }));
}

/** A membership row → its API shape, without the history (what the audit keeps too). */
export function presentMembership(row: MembershipRow): Omit<MembershipView, "history"> {
  return {
    network: row.network as MothersGroupNetwork,
    status: row.status as MembershipStatus,
    consentToAdd: row.consentToAdd,
    invitedAt: toIsoOrNull(row.invitedAt),
    invitedVia: row.invitedVia as InvitationChannel | null,
    version: row.version,
    updatedAt: toIso(row.updatedAt),
  };
}

export interface MembershipChange {
  personId: string;
  network: MothersGroupNetwork;
  status: MembershipStatus;
  consentToAdd: boolean;
  source: MembershipSource;
  note?: string | null;
  /** An invitation just sent: when and how. */
  invited?: { at: Date; via: InvitationChannel };
  /** The version read (undefined: she had none), or "current" for a change made by Relais itself. */
  version: number | undefined | "current";
}

/**
 * Writes a membership change in the caller's transaction: the membership (created or updated at the version read),
 * one history row, one audit event. A member must have agreed to be added (422 naming consentToAdd).
 */
export async function changeMembership(tx: Executor, ctx: Ctx, change: MembershipChange): Promise<MembershipRow> {
  if (change.status === "member" && !change.consentToAdd)
    throw fieldError("mothers_group_consent_required", "consentToAdd");
  const now = ctx.clock.now();
  const by = ctx.actor.type === "user" ? ctx.actor.id : null;
  const [before] = await tx
    .select()
    .from(mothersGroupMemberships)
    .where(
      and(eq(mothersGroupMemberships.personId, change.personId), eq(mothersGroupMemberships.network, change.network)),
    )
    .for("update");
  let after: MembershipRow | undefined;
  if (before) {
    if (change.version !== "current" && change.version !== before.version) throw versionConflict(before.version);
    [after] = await tx
      .update(mothersGroupMemberships)
      .set({
        status: change.status,
        consentToAdd: change.consentToAdd,
        ...(change.invited ? { invitedAt: change.invited.at, invitedVia: change.invited.via } : {}),
        version: sql`${mothersGroupMemberships.version} + 1`,
        updatedAt: now,
        updatedBy: by,
      })
      .where(eq(mothersGroupMemberships.id, before.id))
      .returning();
  } else {
    if (typeof change.version === "number") throw versionConflict(0);
    // Two first recordings at once: the second finds the row taken and is told to read it again.
    [after] = await tx
      .insert(mothersGroupMemberships)
      .values({
        personId: change.personId,
        network: change.network,
        status: change.status,
        consentToAdd: change.consentToAdd,
        invitedAt: change.invited?.at ?? null,
        invitedVia: change.invited?.via ?? null,
        createdAt: now,
        updatedAt: now,
        updatedBy: by,
      })
      .onConflictDoNothing()
      .returning();
    if (!after) throw versionConflict(1);
  }
  if (!after) throw new Error("membership write returned no row");
  await tx.insert(mothersGroupEvents).values({
    membershipId: after.id,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    source: change.source,
    note: change.note || null,
    occurredAt: now,
    recordedBy: by,
  });
  await recordAudit(tx, ctx.clock, ctx.actor, {
    action: before ? "mothers_group.update" : "mothers_group.create",
    entityType: "mothers_group_membership",
    entityId: after.id,
    before: before ? { personId: before.personId, ...presentMembership(before) } : undefined,
    after: { personId: after.personId, ...presentMembership(after), source: change.source, note: change.note || null },
  });
  return after;
}

/** A patient's memberships of the « Groupe des Mamans NEST », with their history. */
export async function getMemberships(ctx: Ctx, personId: string): Promise<MembershipsView> {
  authorize(ctx.actor, "people.read");
  await loadMother(ctx.database.db, personId);
  return { memberships: await membershipsOf(ctx.database.db, personId) };
}

/** Records or changes by hand where she stands with one network's group (procedure 5). */
export async function setMembership(
  ctx: Ctx,
  personId: string,
  network: MothersGroupNetwork,
  input: SetMembershipInput,
): Promise<MembershipView> {
  authorize(ctx.actor, "mothersGroup.manage");
  return ctx.database.db.transaction(async (tx) => {
    await loadMother(tx, personId, { forWrite: true });
    await changeMembership(tx, ctx, {
      personId,
      network,
      status: input.status,
      consentToAdd: input.consentToAdd,
      source: input.source,
      note: input.note,
      version: input.version,
    });
    const view = (await membershipsOf(tx, personId)).find((m) => m.network === network);
    if (!view) throw new Error("the membership just written is missing");
    return view;
  });
}

/**
 * The 36 SA call's answer (procedure 5: « interroger la patiente sur son désir ou non d'intégrer le Groupe des
 * Mamans NEST si ce n'est déjà fait »): each network she chose is recorded as a wish, in the call's transaction,
 * unless she already wishes, is invited or is a member there. Her consent to be added stays as it was.
 */
export async function recordWishesFromCall(
  tx: Executor,
  ctx: Ctx,
  personId: string,
  networks: readonly MothersGroupNetwork[],
): Promise<void> {
  if (networks.length === 0) return;
  const current = await tx
    .select()
    .from(mothersGroupMemberships)
    .where(and(eq(mothersGroupMemberships.personId, personId), inArray(mothersGroupMemberships.network, [...networks])))
    .orderBy(asc(mothersGroupMemberships.network));
  for (const network of networks) {
    const found = current.find((m) => m.network === network);
    if (found && found.status !== "left") continue;
    await changeMembership(tx, ctx, {
      personId,
      network,
      status: "wishes",
      consentToAdd: found?.consentToAdd ?? false,
      source: "week36_call",
      version: "current",
    });
  }
}

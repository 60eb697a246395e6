import { eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { toIso, toIsoOrNull } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import { clinicServices, people, phoneMessages, users } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { personRefColumns, presentPersonRef } from "../people/present.ts";
import { presentUserName, userNameColumns } from "../users/present.ts";
import type { MessageView } from "./message.schema.ts";

const recipient = alias(users, "recipient");
const author = alias(users, "author");
const acknowledger = alias(users, "acknowledger");

/** Phone messages with the names they refer to, presented. */
export async function selectMessages(
  executor: Executor,
  where: SQL | undefined,
  shape: { order: SQL[]; limit?: number },
): Promise<MessageView[]> {
  let query = executor
    .select({
      message: phoneMessages,
      forUser: userNameColumns(recipient),
      forService: { id: clinicServices.id, name: clinicServices.name },
      createdBy: userNameColumns(author),
      acknowledgedBy: userNameColumns(acknowledger),
      person: personRefColumns,
    })
    .from(phoneMessages)
    .leftJoin(recipient, eq(recipient.id, phoneMessages.forUserId))
    .leftJoin(clinicServices, eq(clinicServices.id, phoneMessages.forServiceId))
    .leftJoin(author, eq(author.id, phoneMessages.createdBy))
    .leftJoin(acknowledger, eq(acknowledger.id, phoneMessages.acknowledgedBy))
    .leftJoin(people, eq(people.id, phoneMessages.personId))
    .where(where)
    .orderBy(...shape.order)
    .$dynamic();
  if (shape.limit !== undefined) query = query.limit(shape.limit);
  const rows = await query;
  return rows.map(({ message: m, ...r }) => ({
    id: m.id,
    callId: m.callId,
    forUserId: m.forUserId,
    forUser: presentUserName(r.forUser),
    forServiceId: m.forServiceId,
    forService: r.forService,
    callerName: m.callerName,
    callerPhone: m.callerPhone,
    personId: m.personId,
    person: r.person ? presentPersonRef(r.person) : null,
    body: m.body,
    capturedAt: toIsoOrNull(m.capturedAt),
    createdAt: toIso(m.createdAt),
    createdBy: presentUserName(r.createdBy),
    acknowledgedAt: toIsoOrNull(m.acknowledgedAt),
    acknowledgedBy: presentUserName(r.acknowledgedBy),
    version: m.version,
  }));
}

export async function loadMessageView(executor: Executor, id: string): Promise<MessageView> {
  const [view] = await selectMessages(executor, eq(phoneMessages.id, id), { order: [] });
  if (!view) throw notFound("message");
  return view;
}

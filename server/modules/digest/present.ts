import { asc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { toIso } from "../../../shared/schemas.ts";
import type { Executor } from "../../db/client.ts";
import { digestMarks, interactions, people, personPhones, users } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { presentUserName, userNameColumns } from "../users/present.ts";
import type { DigestLine } from "./digest.schema.ts";

const author = alias(users, "digest_author");
const marker = alias(users, "digest_marker");

/** A code of the settings' lists with its label; the code stands for itself once the list no longer has it. */
function labelled(list: readonly { code: string; label: string }[], code: string) {
  return { code, label: list.find((entry) => entry.code === code)?.label ?? code };
}

/**
 * The digest's lines matching `where` (on interactions and digest_marks), oldest
 * first, with the record they are on, its first phone, the author and the mark.
 * A merge moves the merged record's interactions to the record kept, so they are
 * listed under it.
 */
export async function selectDigestLines(executor: Executor, where: SQL, settings: Settings): Promise<DigestLine[]> {
  const rows = await executor
    .select({
      interaction: interactions,
      person: {
        id: people.id,
        kind: people.kind,
        lastName: people.lastName,
        firstName: people.firstName,
        temperature: people.temperature,
      },
      phone: sql<string | null>`(select ${personPhones.e164} from ${personPhones}
        where ${personPhones.personId} = ${people.id}
        order by ${personPhones.position}, ${personPhones.e164} limit 1)`,
      author: userNameColumns(author),
      processedAt: digestMarks.processedAt,
      processedBy: userNameColumns(marker),
    })
    .from(interactions)
    .innerJoin(people, eq(people.id, interactions.personId))
    .leftJoin(author, eq(author.id, interactions.authorId))
    .leftJoin(digestMarks, eq(digestMarks.interactionId, interactions.id))
    .leftJoin(marker, eq(marker.id, digestMarks.processedBy))
    .where(where)
    .orderBy(asc(interactions.occurredAt), asc(interactions.recordedAt), asc(interactions.id));

  return rows.map(({ interaction: i, person, phone, author, processedAt, processedBy }) => ({
    id: i.id,
    occurredAt: toIso(i.occurredAt),
    recordedAt: toIso(i.recordedAt),
    channel: i.channel as DigestLine["channel"],
    motive: i.motive ? labelled(settings.interactionMotives, i.motive) : null,
    requestTypes: i.requestTypes.map((code) => labelled(settings.requestTypes, code)),
    comment: i.comment,
    documentsSent: i.documentsSent,
    documentsRequested: i.documentsRequested,
    outcome: i.outcome,
    author: presentUserName(author),
    person: {
      id: person.id,
      kind: person.kind as DigestLine["person"]["kind"],
      lastName: person.lastName,
      firstName: person.firstName,
      phone,
      temperature: person.kind === "prospect" ? (person.temperature as DigestLine["person"]["temperature"]) : null,
    },
    processed: processedAt ? { at: toIso(processedAt), by: presentUserName(processedBy) } : null,
  }));
}

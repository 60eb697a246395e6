import {
  type InvitationChannel,
  MEMBERSHIP_STATUSES,
  type MembershipStatus,
  MOTHERS_GROUP_NETWORKS,
  type MothersGroupNetwork,
} from "../../../shared/mothers-group.ts";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import {
  LIST_MAX,
  type ListItem,
  type ListQuery,
  type MothersGroupCounts,
  type MothersGroupList,
} from "./mothers-group.schema.ts";

interface Row {
  person_id: string;
  last_name: string;
  first_name: string;
  email: string | null;
  phones: string[] | null;
  due_date: string | null;
  children: string[] | null;
  status: string;
  consent_to_add: boolean;
  invited_at: Date | string | null;
  invited_via: string | null;
  since: Date | string;
  version: number;
  total: number | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * The mothers of one network's group, newest status first: her phones, the open pregnancy's DPA, her children's birth
 * dates, her status and since when. Merged and anonymised records are left out. `consentingOnly` keeps those who
 * agreed to be added and have not left (the moderator's list).
 */
export async function selectMothers(
  database: Database,
  query: { network: MothersGroupNetwork; status?: MembershipStatus; consentingOnly?: boolean; limit?: number },
): Promise<{ items: ListItem[]; total: number }> {
  const params: unknown[] = [query.network];
  let where = "m.network = $1 and p.merged_into_id is null and p.anonymized_at is null";
  if (query.status) {
    params.push(query.status);
    where += ` and m.status = $${params.length}`;
  }
  if (query.consentingOnly) where += " and m.consent_to_add and m.status <> 'left'";
  params.push(query.limit ?? null);
  const rows = await database.query<Row>(
    `select p.id as person_id, p.last_name, p.first_name, p.email,
       (select array_agg(ph.e164 order by ph.position, ph.e164) from person_phones ph where ph.person_id = p.id) as phones,
       (select to_char(pw.dpa, 'YYYY-MM-DD') from pathways pw
         where pw.person_id = p.id and pw.type = 'pregnancy' and pw.ended_on is null limit 1) as due_date,
       (select array_agg(to_char(c.birth_date, 'YYYY-MM-DD') order by c.birth_date) from people c
         where c.mother_id = p.id and c.birth_date is not null and c.merged_into_id is null) as children,
       m.status, m.consent_to_add, m.invited_at, m.invited_via, m.version,
       coalesce((select max(e.occurred_at) from mothers_group_events e
         where e.membership_id = m.id and e.from_status is distinct from e.to_status), m.created_at) as since,
       count(*) over () as total
     from mothers_group_memberships m
     join people p on p.id = m.person_id
     where ${where}
     order by since desc, p.last_name, p.first_name, p.id
     limit $${params.length}`,
    params,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      personId: r.person_id,
      lastName: r.last_name,
      firstName: r.first_name,
      phones: r.phones ?? [],
      email: r.email,
      dueDate: r.due_date,
      childrenBirthDates: r.children ?? [],
      status: r.status as MembershipStatus,
      consentToAdd: r.consent_to_add,
      invitedAt: r.invited_at === null ? null : iso(r.invited_at),
      invitedVia: r.invited_via as InvitationChannel | null,
      since: iso(r.since),
      version: r.version,
    })),
  };
}

/** The group's page: one network's mothers, optionally of one status. */
export async function listMothersGroup(ctx: Ctx, query: ListQuery): Promise<MothersGroupList> {
  authorize(ctx.actor, "mothersGroup.manage");
  return selectMothers(ctx.database, { ...query, limit: LIST_MAX });
}

/** How many mothers per network and status, for the dashboard (figures only, no name). */
export async function countMothersGroup(ctx: Ctx): Promise<MothersGroupCounts> {
  authorize(ctx.actor, "people.read");
  const rows = await ctx.database.query<{ network: string; status: string; count: number | string }>(
    `select m.network, m.status, count(*) as count
     from mothers_group_memberships m join people p on p.id = m.person_id
     where p.merged_into_id is null and p.anonymized_at is null
     group by m.network, m.status`,
  );
  return {
    counts: MOTHERS_GROUP_NETWORKS.map((network) => {
      const of = (status: MembershipStatus) =>
        Number(rows.find((r) => r.network === network && r.status === status)?.count ?? 0);
      const [wishes, invited, member, left] = MEMBERSHIP_STATUSES.map(of) as [number, number, number, number];
      return { network, wishes, invited, member, left };
    }),
  };
}

import { type SQL, sql } from "drizzle-orm";
import { WEEK36_DAYS, WEEK37_DAYS } from "../../../shared/births.ts";
import type { ComplianceShareId } from "../../../shared/reports.ts";
import { addCalendarDays, clinicDay, startOfClinicDay } from "../../clinic-calendar.ts";
import type { Settings } from "../settings/settings.schema.ts";
import type { ComplianceQuery } from "./compliance.schema.ts";

/** The dashboard's period resolved: its days, its bounds, the period before it, and the instant it is read as of. */
export interface Period {
  from: string;
  to: string;
  /**
   * The last day counted: `to`, or the as-of day when the period runs past it —
   * no week or day that has not happened yet is counted, bucketed or compared.
   */
  through: string;
  /** The period includes the as-of day (a month still running: « en cours »). */
  running: boolean;
  asOf: Date;
  start: Date;
  end: Date;
  /** The period of the same number of days just before (the trend's reference). */
  previousStart: Date;
  bucket: "week" | "month";
}

/** Up to this many days, the trend is by week; beyond, by month. */
const WEEKLY_UP_TO_DAYS = 62;

export function resolvePeriod(
  query: Pick<ComplianceQuery, "from" | "to" | "asOf">,
  now: Date,
  settings: Settings,
): Period {
  const asOf = query.asOf ? new Date(query.asOf) : now;
  const today = clinicDay(asOf, settings.timeZone);
  const from = query.from ?? query.to?.replace(/-\d{2}$/, "-01") ?? today.replace(/-\d{2}$/, "-01");
  // Only `from`: up to today, within a year (the longest period one may ask); a future day alone.
  const latest = addCalendarDays(from, 365);
  const to = query.to ?? (today < from ? from : today > latest ? latest : today);
  // A period wholly to come keeps its first day (nothing in it is counted as of now).
  const through = to > today ? (today < from ? from : today) : to;
  const days = Math.round((Date.parse(through) - Date.parse(from)) / 86_400_000) + 1;
  return {
    from,
    to,
    through,
    running: from <= today && today <= to,
    asOf,
    start: startOfClinicDay(from, settings.timeZone),
    end: startOfClinicDay(through, settings.timeZone, 1),
    previousStart: startOfClinicDay(addCalendarDays(from, -days), settings.timeZone),
    bucket: days <= WEEKLY_UP_TO_DAYS ? "week" : "month",
  };
}

/** Close reasons that mean the task was no longer due (left out of the shares). */
const NO_LONGER_DUE = sql.raw(
  `('temperature_changed', 'converted', 'merged', 'source_deleted', 'visit_not_attended', 'dose_recorded', 'pathway_ended', 'dates_corrected')`,
);
/** Close reasons that mean the contact the task asked for happened. */
const CONTACT_MADE = sql.raw(
  `('answered', 'new_interaction', 'appointment_booked', 'called', 'recall_recorded', 'checklist_recorded')`,
);

/**
 * One share of the dashboard: which procedure sentence it measures, and the
 * SQL of the records it counts — columns id (text), at (the instant the record
 * belongs to the period by), met (the numerator), counted (in the denominator:
 * false while the record's deadline has not come), person_id, kind, detail.
 * The same rows give the figure, its trend and its drill-down.
 */
export interface ShareDefinition {
  id: ComplianceShareId;
  procedure: string;
  label: string;
  lowerIsBetter?: boolean;
  rows(c: ShareContext): SQL;
}

export interface ShareContext {
  /** The rows' range: from the previous period's start to the period's end. */
  start: SQL;
  end: SQL;
  asOf: SQL;
  /** The end of the clinic day of an instant (midnight after it, in the clinic's zone). */
  endOfDay(instant: SQL): SQL;
  /** The instant a clinic day (a date expression) starts. */
  startOfDay(day: SQL): SQL;
  /** The clinic's time zone (a text parameter). */
  timeZone: SQL;
  /** Days after its due day a vaccine dose not given is late (settings `vaccination.lateAfterDays`). */
  lateAfterDays: number;
}

/**
 * A follow-up rule's tasks, due (originally) in the range: met when the contact was made by the end of the due day.
 * A task marked done after a call nobody answered (before unreached calls kept tasks open) is not a contact.
 */
const tasksOnTime = (rule: string, onTime: boolean) => (c: ShareContext) =>
  sql`
  select t.id::text as id, t.original_due_at as at,
         t.status <> 'open' and t.closed_at <= ${c.asOf}
           and ((t.status = 'done' and t.outcome is distinct from 'not_reached' and t.outcome is distinct from 'wrong_number')
                or t.close_reason in ${CONTACT_MADE})
           ${onTime ? sql`and t.closed_at < ${c.endOfDay(sql`t.original_due_at`)}` : sql``} as met,
         (t.status <> 'open' and t.closed_at <= ${c.asOf}) or t.original_due_at <= ${c.asOf} as counted,
         t.person_id, 'task' as kind,
         case when t.status = 'open' or t.closed_at > ${c.asOf} then 'ouverte'
              when t.status = 'done' then 'faite'
              else 'close : ' || t.close_reason end as detail
  from follow_up_tasks t
  where t.rule = ${rule} and t.original_due_at >= ${c.start} and t.original_due_at < ${c.end}
    and t.created_at <= ${c.asOf}
    and not (t.status = 'closed' and t.closed_at <= ${c.asOf} and t.close_reason in ${NO_LONGER_DUE})`;

/**
 * Hot and warm prospects whose first contact is in the range (their SLA figures): met when answered by the
 * deadline (`due_at`, 2 business days; `breach_at`, 15 days), counted once it has passed or once answered.
 */
const firstResponses = (deadline: "due_at" | "breach_at", delay: SQL) => (c: ShareContext) => {
  const limit = sql.raw(`s.${deadline}`);
  return sql`
    select s.person_id::text as id, s.first_contact_at as at,
           s.answered_at is not null and s.answered_at <= ${limit} and s.answered_at <= ${c.asOf} as met,
           ${limit} <= ${c.asOf} or (s.answered_at is not null and s.answered_at <= ${c.asOf}) as counted,
           s.person_id, 'prospect' as kind,
           case when s.answered_at is null or s.answered_at > ${c.asOf} then 'sans réponse' else ${delay} end as detail
    from first_response_sla s
    join people p on p.id = s.person_id and p.merged_into_id is null
    where s.first_contact_at >= ${c.start} and s.first_contact_at < ${c.end} and s.first_contact_at <= ${c.asOf}`;
};

/**
 * New patients' first visits (the entry-interview tasks, due at closing time on the visit's day) in the range:
 * met when an entry interview of the patient was held by the end of that day, counted once it was due or held.
 */
const entryInterviewsOnTime = (c: ShareContext) => {
  const heldBy = (limit: SQL) => sql`exists (
    select 1 from entry_interviews i
    where i.person_id = t.person_id and i.held_at < ${limit} and i.held_at <= ${c.asOf})`;
  const met = heldBy(c.endOfDay(sql`t.original_due_at`));
  return sql`
  select t.id::text as id, t.original_due_at as at, ${met} as met,
         t.original_due_at <= ${c.asOf} or ${met} as counted,
         t.person_id, 'task' as kind,
         case when ${met} then 'entretien tenu le jour même'
              when ${heldBy(c.asOf)} then 'entretien tenu plus tard'
              else 'pas d''entretien' end as detail
  from follow_up_tasks t
  where t.rule = 'entry-interview' and t.original_due_at >= ${c.start} and t.original_due_at < ${c.end}
    and t.created_at <= ${c.asOf}
    and not (t.status = 'closed' and t.closed_at <= ${c.asOf} and t.close_reason in ${NO_LONGER_DUE})`;
};

/**
 * Pregnancies reaching 36 SA in the range (DDR + 252 days): met when the 36 SA call's checklist was recorded
 * before 37 SA (DDR + 259 days), counted once 37 SA came or the call was made. A pregnancy ended before 36 SA
 * owes no call, nor one recorded in Relais only after 37 SA.
 */
const week36Calls = (c: ShareContext) => {
  const week36 = c.startOfDay(sql`pw.ddr + ${WEEK36_DAYS}::int`);
  const week37 = c.startOfDay(sql`pw.ddr + ${WEEK37_DAYS}::int`);
  const heldBy = (limit: SQL) => sql`exists (
    select 1 from pregnancy_calls pc where pc.pathway_id = pw.id and pc.held_at < ${limit} and pc.held_at <= ${c.asOf})`;
  const met = heldBy(week37);
  return sql`
  select pw.id::text as id, ${week36} as at, ${met} as met, ${week37} <= ${c.asOf} or ${met} as counted,
         pw.person_id, 'pregnancy' as kind,
         case when ${met} then 'appel fait avant 37 SA'
              when ${heldBy(c.asOf)} then 'appel fait après 37 SA'
              else 'pas d''appel' end as detail
  from pathways pw
  join people p on p.id = pw.person_id and p.merged_into_id is null
  where pw.type = 'pregnancy' and ${week36} >= ${c.start} and ${week36} < ${c.end} and ${week36} <= ${c.asOf}
    and (pw.ended_on is null or pw.ended_on >= pw.ddr + ${WEEK36_DAYS}::int) and pw.created_at < ${week37}`;
};

export const SHARES: ShareDefinition[] = [
  {
    id: "calls-linked",
    procedure: "Procédure 1 — Accueil téléphonique (argumentaire)",
    label: "Appels du registre rattachés à une fiche le jour même",
    rows: (c) => sql`
      select k.id::text as id, k.received_at as at,
             k.linked_at is not null and k.linked_at < ${c.endOfDay(sql`k.received_at`)} and k.linked_at <= ${c.asOf} as met,
             ${c.endOfDay(sql`k.received_at`)} <= ${c.asOf} or (k.linked_at is not null and k.linked_at <= ${c.asOf}) as counted,
             k.person_id, 'call' as kind,
             coalesce(k.caller_name, k.phone, 'appel sans numéro')
               -- A line typed offline counts at its capture time: the auditor sees when it reached the server.
               || case when k.captured_at is not null
                    then ' — saisi hors ligne, reçu par le serveur le '
                         || to_char(k.created_at at time zone ${c.timeZone}, 'DD/MM/YYYY à HH24:MI')
                    else '' end as detail
      from calls k
      where k.channel = 'phone' and k.received_at >= ${c.start} and k.received_at < ${c.end} and k.received_at <= ${c.asOf}`,
  },
  {
    id: "calls-resumed",
    procedure: "Procédure 3 — Réponse téléphonique à l'accueil",
    label: "Lignes non satisfaites reprises le jour même",
    rows: (c) => sql`
      select k.id::text as id, k.received_at as at,
             k.resumed_at is not null and k.resumed_at < ${c.endOfDay(sql`k.received_at`)} and k.resumed_at <= ${c.asOf} as met,
             ${c.endOfDay(sql`k.received_at`)} <= ${c.asOf} or (k.resumed_at is not null and k.resumed_at <= ${c.asOf}) as counted,
             k.person_id, 'call' as kind, coalesce(k.caller_name, k.phone, 'appel sans numéro') as detail
      from calls k
      where (k.outcome in ('to_resume', 'call_back_later') or k.resumed_at is not null)
        and k.received_at >= ${c.start} and k.received_at < ${c.end} and k.received_at <= ${c.asOf}`,
  },
  {
    id: "first-response-2bd",
    procedure: "Procédure 4 — Suivi des prospects",
    label: "Premières demandes (chauds, tièdes) répondues sous 48 h ouvrées",
    rows: firstResponses("due_at", sql`'réponse en ' || round(s.response_seconds / 3600.0) || ' h'`),
  },
  {
    id: "first-response-15d",
    procedure: "Procédure 4 — Suivi des prospects",
    label: "Premières demandes (chauds, tièdes) répondues sous 15 jours",
    rows: firstResponses("breach_at", sql`'réponse en ' || round(s.response_seconds / 86400.0) || ' j'`),
  },
  {
    id: "hot-48h",
    procedure: "Procédure 4 — Suivi des prospects (au bout de 48 h ouvrées)",
    label: "Prospects chauds appelés dans les 48 h ouvrées",
    rows: tasksOnTime("hot-48h", true),
  },
  {
    id: "recall-7d",
    procedure: "Mode opératoire 2 — Suivi des demandes des prospects",
    label: "Rappels à 7 jours faits",
    rows: tasksOnTime("recall-7d", false),
  },
  {
    id: "entry-interview",
    procedure: "Procédure 5 — Suivi des patients (nouveau patient)",
    label: "Entretiens d'entrée tenus le jour de la première visite",
    rows: entryInterviewsOnTime,
  },
  {
    id: "new-patient-72h",
    procedure: "Procédure 5 — Suivi des patients",
    label: "Nouveaux patients appelés dans les 72 h",
    rows: tasksOnTime("new-patient-72h", true),
  },
  {
    id: "week-36",
    procedure: "Procédure 5 — Suivi de grossesse (à la 36e semaine)",
    label: "Appels de 36 SA faits avant 37 SA",
    rows: week36Calls,
  },
  {
    id: "post-discharge-10d",
    procedure: "Procédure 5 — Après la naissance",
    label: "Mamans rappelées 10 jours après leur sortie",
    rows: tasksOnTime("post-discharge-10d", true),
  },
  {
    id: "surveys-answered",
    procedure: "Procédure 5 — Suivi des patients (enquêtes de satisfaction)",
    label: "Liens d'enquête envoyés, répondus",
    rows: (c) => sql`
      select i.id::text as id, i.created_at as at,
             i.used_on is not null and i.used_on <= (${c.asOf} at time zone ${c.timeZone})::date as met,
             i.expires_at <= ${c.asOf} or (i.used_on is not null and i.used_on <= (${c.asOf} at time zone ${c.timeZone})::date) as counted,
             i.person_id, 'survey' as kind,
             case when i.used_on is not null then 'répondu' when i.expires_at <= ${c.asOf} then 'lien expiré' else 'en attente' end as detail
      from survey_invitations i
      where i.created_at >= ${c.start} and i.created_at < ${c.end} and i.created_at <= ${c.asOf}`,
  },
  {
    id: "vaccine-reminded",
    procedure: "Procédure 5 — Suivi de l'enfant (rappels des vaccins)",
    label: "Vaccins rappelés par SMS avant la date prévue",
    rows: (c) => sql`
      select r.person_id::text || ':' || r.vaccine || '#' || r.dose as id, ${c.startOfDay(sql`r.due_on`)} as at,
             m.status in ('sent', 'delivered') and m.sent_at < ${c.startOfDay(sql`r.due_on`)} and m.sent_at <= ${c.asOf} as met,
             true as counted, r.person_id, 'vaccine' as kind,
             coalesce(case when m.status = 'skipped' then m.reason else m.status end, 'SMS introuvable') as detail
      from vaccination_reminders r
      left join sms_messages m on m.id = r.sms_message_id
      where ${c.startOfDay(sql`r.due_on`)} >= ${c.start} and ${c.startOfDay(sql`r.due_on`)} < ${c.end}
        and ${c.startOfDay(sql`r.due_on`)} <= ${c.asOf}`,
  },
  {
    id: "vaccine-doses-late",
    procedure: "Procédure 5 — Suivi de l'enfant (vaccins en retard)",
    label: "Doses rappelées données en retard, ou pas encore données",
    lowerIsBetter: true,
    rows: (c) => {
      const deadline = sql`r.due_on + ${c.lateAfterDays}::int`;
      const lateAt = c.startOfDay(sql`${deadline} + 1`);
      return sql`
      select r.person_id::text || ':' || r.vaccine || '#' || r.dose as id, ${lateAt} as at,
             not exists (select 1 from vaccination_doses d where d.person_id = r.person_id and d.vaccine = r.vaccine
                         and d.dose = r.dose and d.given_on <= ${deadline}) as met,
             true as counted, r.person_id, 'vaccine' as kind,
             coalesce((select 'donnée le ' || to_char(d.given_on, 'DD/MM/YYYY') from vaccination_doses d
                       where d.person_id = r.person_id and d.vaccine = r.vaccine and d.dose = r.dose),
                      'pas encore donnée') || ' (prévue le ' || to_char(r.due_on, 'DD/MM/YYYY') || ')' as detail
      from vaccination_reminders r
      join people p on p.id = r.person_id and p.merged_into_id is null
      where ${lateAt} >= ${c.start} and ${lateAt} < ${c.end} and ${lateAt} <= ${c.asOf}`;
    },
  },
  {
    id: "vaccine-late",
    procedure: "Procédure 5 — Suivi de l'enfant (vaccins en retard)",
    label: "Vaccins en retard : parents appelés le jour prévu",
    rows: tasksOnTime("vaccine-late", true),
  },
  {
    id: "no-show",
    procedure: "Procédure 5 — Suivi des patients (rendez-vous)",
    label: "Rendez-vous non honorés",
    lowerIsBetter: true,
    rows: (c) => sql`
      select a.id::text as id, a.starts_at as at, a.status = 'no_show' as met, true as counted,
             a.person_id, 'appointment' as kind, a.status as detail
      from appointments a
      where a.status in ('attended', 'no_show') and a.starts_at >= ${c.start} and a.starts_at < ${c.end}
        and a.starts_at <= ${c.asOf}`,
  },
];

/** An SMS about the appointment (reminder or change notice) that left at least 2 hours before it. */
const REMINDED_IN_TIME = (a: string) =>
  sql.raw(`exists (
  select 1 from sms_messages m
  where m.appointment_id = ${a}.id and m.appointment_starts_at = date_trunc('milliseconds', ${a}.starts_at)
    and m.kind in ('appointment_reminder', 'appointment_moved')
    and m.status in ('sent', 'delivered') and m.sent_at <= ${a}.starts_at - interval '2 hours')`);

/** Attended or missed appointments of the range, whether their reminder left in time or not. */
const noShows = (reminded: boolean) => (c: ShareContext) =>
  sql`
  select a.id::text as id, a.starts_at as at, a.status = 'no_show' as met, true as counted,
         a.person_id, 'appointment' as kind, a.status as detail
  from appointments a
  where a.status in ('attended', 'no_show') and a.starts_at >= ${c.start} and a.starts_at < ${c.end}
    and a.starts_at <= ${c.asOf} and ${reminded ? sql`` : sql`not`} ${REMINDED_IN_TIME("a")}`;

SHARES.push(
  {
    id: "sms-reminded",
    procedure: "Procédure 5 — Suivi des patients (rappels SMS)",
    label: "Rendez-vous rappelés par SMS à temps (2 h avant au moins)",
    rows: (c) => sql`
      select a.id::text as id, a.starts_at as at, ${REMINDED_IN_TIME("a")} as met, true as counted,
             a.person_id, 'appointment' as kind,
             coalesce((select m.reason from sms_messages m where m.appointment_id = a.id and m.status = 'skipped'
                        order by m.created_at desc limit 1), a.status) as detail
      from appointments a
      where a.status <> 'cancelled' and a.starts_at >= ${c.start} and a.starts_at < ${c.end}
        and a.starts_at <= ${c.asOf}`,
  },
  {
    id: "sms-delivered",
    procedure: "Procédure 5 — Suivi des patients (rappels SMS)",
    label: "Rappels SMS remis au téléphone (accusés de réception de l'opérateur)",
    rows: (c) => sql`
      select m.appointment_id::text as id, m.sent_at as at, m.status = 'delivered' as met, true as counted,
             m.person_id, 'appointment' as kind, m.status as detail
      from sms_messages m
      where m.kind in ('appointment_reminder', 'appointment_moved') and m.sent_at is not null
        and m.appointment_id is not null
        and m.sent_at >= ${c.start} and m.sent_at < ${c.end} and m.sent_at <= ${c.asOf}
        and (m.provider is null or m.provider <> 'log')`,
  },
  {
    id: "no-show-reminded",
    procedure: "Procédure 5 — Suivi des patients (rappels SMS)",
    label: "Rendez-vous non honorés, parmi ceux rappelés par SMS",
    lowerIsBetter: true,
    rows: noShows(true),
  },
  {
    id: "no-show-not-reminded",
    procedure: "Procédure 5 — Suivi des patients (rappels SMS)",
    label: "Rendez-vous non honorés, parmi ceux sans rappel SMS",
    lowerIsBetter: true,
    rows: noShows(false),
  },
);

export function shareContext(period: Period, settings: Settings, range: { start: Date; end: Date }): ShareContext {
  const tz = sql`${settings.timeZone}::text`;
  return {
    start: sql`${range.start.toISOString()}::timestamptz`,
    end: sql`${range.end.toISOString()}::timestamptz`,
    asOf: sql`${period.asOf.toISOString()}::timestamptz`,
    endOfDay: (instant) => sql`((((${instant}) at time zone ${tz})::date + 1)::timestamp at time zone ${tz})`,
    startOfDay: (day) => sql`((${day})::timestamp at time zone ${tz})`,
    timeZone: tz,
    lateAfterDays: settings.vaccination.lateAfterDays,
  };
}

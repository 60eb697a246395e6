import { sub } from "date-fns";
import { and, eq } from "drizzle-orm";
import { dateToDay, dayToDate } from "../../../shared/calendar-day.ts";
import { addCalendarDays } from "../../../shared/days.ts";
import { renderSms, smsDate } from "../../../shared/sms-templates.ts";
import { measureSms } from "../../../shared/sms-text.ts";
import {
  type AgeOffset,
  type ChildSex,
  dosesFor,
  type GivenDose,
  offsetDaysAtMost,
} from "../../../shared/vaccination.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Services } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { smsMessages, vaccinationReminders } from "../../db/schema/index.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { smsRecipient } from "../sms/recipient.ts";
import { clinicInstant, nextSendingTime } from "../sms/window.ts";

/** Slack around a birth-date window: adding months clips to the month's end (a few days at most). */
const WINDOW_SLACK_DAYS = 4;

interface ChildRow {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  sex: string | null;
  sms_opt_out_at: string | Date | null;
  sms_opt_out_source: string | null;
  phones: string[];
  mother_phones: string[] | null;
  mother_opt_out_at: string | Date | null;
  mother_opt_out_source: string | null;
  given: { vaccine: string; dose: number; givenOn: string }[] | null;
  reminded: { vaccine: string; dose: number }[] | null;
}

/** A day read as text (never through a driver's Date, whose time zone is the process's). */
const asDay = (value: string) => value.slice(0, 10);

/**
 * The children a dose may fall due for within [today, lastDay]: born so that birth + a dose's age lands
 * in it (a window per age of the schedule), or given a dose recently enough that a later dose's least gap
 * lands in it. The exact days are dosesFor's; this only keeps the scan small.
 */
function candidateWhere(settings: Settings, today: string, lastDay: string): { where: string; params: string[] } {
  const { schedule } = settings.vaccination;
  const ages = new Map<string, AgeOffset>();
  for (const d of schedule) ages.set(JSON.stringify(d.age), d.age);
  const params: string[] = [];
  const windows: string[] = [];
  for (const age of ages.values()) {
    const from = addCalendarDays(dateToDay(sub(dayToDate(today), age)), -WINDOW_SLACK_DAYS);
    const until = addCalendarDays(dateToDay(sub(dayToDate(lastDay), age)), WINDOW_SLACK_DAYS);
    params.push(from, until);
    windows.push(`p.birth_date between $${params.length - 1} and $${params.length}`);
  }
  const maxGap = Math.max(
    0,
    ...schedule.map((d) => (d.minGapAfterPrevious ? offsetDaysAtMost(d.minGapAfterPrevious) : 0)),
  );
  if (maxGap > 0) {
    params.push(addCalendarDays(today, -maxGap - WINDOW_SLACK_DAYS));
    windows.push(
      `exists(select 1 from vaccination_doses g where g.person_id = p.id and g.given_on >= $${params.length})`,
    );
  }
  return { where: windows.length ? `(${windows.join(" or ")})` : "false", params };
}

/** « A, B et C ». */
function joinLabels(labels: string[]): string {
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join(", ")} et ${labels[labels.length - 1]}`;
}

export interface VaccineQueueResult {
  queued: number;
  skipped: number;
}

/**
 * Writes the parents' SMS reminders of the doses falling due (DESIGN §2, procedure 5: « le rappel des
 * vaccins par SMS individualisés est programmé »): `reminder.daysBefore` clinic days before a dose's due
 * day, from `reminder.at` on, one SMS per child and due day naming its doses, to the child's mobile or
 * else the mother's. None for a dose given, none for a prospect or a merged record, none twice: each dose
 * is reminded once ever (vaccination_reminders' key), whatever runs or instances queue it. A person who
 * asked for no SMS gets none (skipped, with the reason): a reminder is a service, not vital.
 */
export async function queueVaccineReminders(services: Services, asOf: Date): Promise<VaccineQueueResult> {
  const { settings } = await readSettings(services.database.db);
  const { reminder, schedule, lateAfterDays } = settings.vaccination;
  const tz = settings.timeZone;
  const result: VaccineQueueResult = { queued: 0, skipped: 0 };
  if (schedule.length === 0) return result;
  const today = clinicDay(asOf, tz);
  const lastDay = addCalendarDays(today, reminder.daysBefore);
  const { where, params } = candidateWhere(settings, today, lastDay);
  const rows = await services.database.query<ChildRow>(
    `select p.id, p.first_name, p.last_name, p.birth_date::text as birth_date, p.sex, p.sms_opt_out_at, p.sms_opt_out_source,
            array(select e164 from person_phones where person_id = p.id order by position) as phones,
            case when m.id is null then null
                 else array(select e164 from person_phones where person_id = m.id order by position) end as mother_phones,
            m.sms_opt_out_at as mother_opt_out_at, m.sms_opt_out_source as mother_opt_out_source,
            (select json_agg(json_build_object('vaccine', g.vaccine, 'dose', g.dose, 'givenOn', g.given_on::text))
               from vaccination_doses g where g.person_id = p.id) as given,
            (select json_agg(json_build_object('vaccine', r.vaccine, 'dose', r.dose))
               from vaccination_reminders r where r.person_id = p.id) as reminded
       from people p
       left join people m on m.id = p.mother_id
      where p.kind = 'patient' and p.merged_into_id is null and p.birth_date is not null
        and p.birth_date <= $${params.length + 1} and ${where}`,
    [...params, today],
  );
  const now = services.clock.now();
  for (const row of rows) {
    const birthDate = asDay(row.birth_date);
    const sex = row.sex === "female" || row.sex === "male" ? (row.sex as ChildSex) : null;
    const given: GivenDose[] = (row.given ?? []).map((g) => ({ ...g, givenOn: asDay(g.givenOn) }));
    const reminded = new Set((row.reminded ?? []).map((r) => `${r.vaccine}#${r.dose}`));
    const lines = dosesFor(birthDate, sex, schedule, given, today, { lateAfterDays }).filter(
      (line) =>
        line.status !== "done" &&
        line.dueOn >= today &&
        line.dueOn <= lastDay &&
        !reminded.has(`${line.vaccine}#${line.dose}`) &&
        clinicInstant(addCalendarDays(line.dueOn, -reminder.daysBefore), reminder.at, tz).getTime() <= asOf.getTime(),
    );
    const byDay = new Map<string, typeof lines>();
    for (const line of lines) byDay.set(line.dueOn, [...(byDay.get(line.dueOn) ?? []), line]);
    for (const [dueOn, doses] of byDay) {
      const written = await services.database.db.transaction(async (tx) =>
        writeReminder(tx, settings, now, row, dueOn, doses),
      );
      if (written === "queued") result.queued += 1;
      else if (written === "skipped") result.skipped += 1;
    }
  }
  return result;
}

async function writeReminder(
  tx: Executor,
  settings: Settings,
  now: Date,
  child: ChildRow,
  dueOn: string,
  doses: { vaccine: string; dose: number; label: string }[],
): Promise<"queued" | "skipped" | null> {
  // The key first: a dose another run or instance reminded already is left out (and nothing sent if all were).
  const claimed = await tx
    .insert(vaccinationReminders)
    .values(doses.map((d) => ({ personId: child.id, vaccine: d.vaccine, dose: d.dose, dueOn, createdAt: now })))
    .onConflictDoNothing()
    .returning({ vaccine: vaccinationReminders.vaccine, dose: vaccinationReminders.dose });
  if (claimed.length === 0) return null;
  const kept = doses.filter((d) => claimed.some((c) => c.vaccine === d.vaccine && c.dose === d.dose));
  const text = renderSms(settings.vaccination.smsTemplate, {
    prenom_enfant: child.first_name,
    nom_enfant: child.last_name,
    vaccin: joinLabels(kept.map((d) => d.label)),
    date: smsDate(new Date(`${dueOn}T12:00:00Z`), settings.timeZone),
    telephone_clinique: settings.clinicPhone,
  } as Record<string, string>);
  let recipient = smsRecipient(
    { phones: child.phones, smsOptOutAt: child.sms_opt_out_at, smsOptOutSource: child.sms_opt_out_source },
    false,
  );
  // A baby has no phone of her own: the parents' is the mother's record's.
  if ("skip" in recipient && !child.sms_opt_out_at && child.mother_phones) {
    recipient = smsRecipient(
      {
        phones: child.mother_phones,
        smsOptOutAt: child.mother_opt_out_at,
        smsOptOutSource: child.mother_opt_out_source,
      },
      false,
    );
  }
  const measure = measureSms(text);
  const [sms] = await tx
    .insert(smsMessages)
    .values({
      kind: "vaccine_reminder",
      personId: child.id,
      toPhone: "to" in recipient ? recipient.to : null,
      text,
      encoding: measure.encoding,
      segments: measure.segments,
      vital: false,
      status: "to" in recipient ? "queued" : "skipped",
      reason: "skip" in recipient ? recipient.skip : null,
      nextAttemptAt: nextSendingTime(now, settings.sms.window, settings.timeZone),
      createdAt: now,
    })
    .returning({ id: smsMessages.id, status: smsMessages.status });
  if (!sms) throw new Error("insert returned no row");
  for (const d of kept) {
    await tx
      .update(vaccinationReminders)
      .set({ smsMessageId: sms.id })
      .where(
        and(
          eq(vaccinationReminders.personId, child.id),
          eq(vaccinationReminders.vaccine, d.vaccine),
          eq(vaccinationReminders.dose, d.dose),
        ),
      );
  }
  return sms.status === "skipped" ? "skipped" : "queued";
}

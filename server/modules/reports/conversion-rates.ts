import { sql } from "drizzle-orm";
import { CONVERSION_MAX_DAYS } from "../../../shared/reports.ts";
import { authorize } from "../../authorize.ts";
import { addCalendarDays } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { onReplica } from "../../db/replica.ts";
import { TEMPERATURE_LABELS } from "../../i18n/labels.ts";
import { readSettings } from "../settings/settings.ts";
import type { ConversionCohortQuery, ConversionRate, ConversionRates } from "./conversion.schema.ts";
import { classifiedProspects, firstContactDay, NO_ORIGIN, resolveCohort } from "./conversion.ts";

interface GroupRow {
  dimension: "all" | "origin" | "month" | "temperature";
  key: string | null;
  prospects: number;
  already_patients: number;
  duplicates: number;
  with_appointment: number;
  converted: number;
}

const MONTHS = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Conversion rates of the prospects created over a period (DESIGN §4: « feeds
 * the conversion rate by origin, month and temperature »), from the same
 * per-prospect comments as the table: the funnel prospect → appointment →
 * patient, overall and by origin, month of first contact and temperature.
 * Records that should not have been created (already patients, duplicate
 * prospects) are shown and left out of the rates. Default period: the year
 * up to the latest cohort day (today − 28 days).
 */
export async function getConversionRates(ctx: Ctx, query: ConversionCohortQuery): Promise<ConversionRates> {
  authorize(ctx.actor, "reports.read");
  const { db } = onReplica(ctx).database;
  const { settings } = await readSettings(db);
  const latest = resolveCohort({ asOf: query.asOf }, ctx.clock.now(), settings);
  const to = query.to ?? (query.from ? addCalendarDays(query.from, CONVERSION_MAX_DAYS - 1) : latest.to);
  const from = query.from ?? addCalendarDays(to, -(CONVERSION_MAX_DAYS - 2));
  const cohort = resolveCohort({ from, to, asOf: query.asOf }, ctx.clock.now(), settings);
  const asOf = sql`${cohort.asOf.toISOString()}::timestamptz`;
  const tz = sql`${settings.timeZone}::text`;
  const result = (await db.execute(sql`
    with k as materialized (${classifiedProspects(cohort, settings)}),
    g as (
      select p.origin, p.temperature,
             to_char(${firstContactDay(sql`p`, tz)}, 'YYYY-MM') as month,
             k.comment,
             exists (select 1 from appointments a where a.person_id = k.id and a.created_at <= ${asOf}) as booked
      from k join people p on p.id = k.id
    )
    select case when grouping(origin) = 0 then 'origin' when grouping(month) = 0 then 'month'
                when grouping(temperature) = 0 then 'temperature' else 'all' end as dimension,
           case when grouping(origin) = 0 then coalesce(origin, ${NO_ORIGIN}) else coalesce(month, temperature) end as key,
           count(*)::int as prospects,
           count(*) filter (where comment = 'already_patient')::int as already_patients,
           count(*) filter (where comment = 'duplicate_prospect')::int as duplicates,
           count(*) filter (where booked and comment not in ('already_patient', 'duplicate_prospect'))::int as with_appointment,
           count(*) filter (where comment = 'converted')::int as converted
    from g
    group by grouping sets ((), (origin), (month), (temperature))`)) as unknown as { rows: GroupRow[] };

  const rate = (row: GroupRow, label: string): ConversionRate => {
    const counted = row.prospects - row.already_patients - row.duplicates;
    return {
      key: row.key ?? "all",
      label,
      prospects: row.prospects,
      alreadyPatients: row.already_patients,
      duplicates: row.duplicates,
      counted,
      withAppointment: row.with_appointment,
      converted: row.converted,
      rate: counted > 0 ? row.converted / counted : null,
      appointmentRate: counted > 0 ? row.with_appointment / counted : null,
    };
  };
  const of = (dimension: GroupRow["dimension"]) => result.rows.filter((row) => row.dimension === dimension);
  const empty: GroupRow = {
    dimension: "all",
    key: "all",
    prospects: 0,
    already_patients: 0,
    duplicates: 0,
    with_appointment: 0,
    converted: 0,
  };
  const originLabel = (code: string) => settings.origins.find((o) => o.code === code)?.label ?? code;
  return {
    from: cohort.from,
    to: cohort.to,
    asOf: cohort.asOf.toISOString(),
    funnel: rate(of("all")[0] ?? empty, "Tous les prospects"),
    byOrigin: of("origin")
      .map((row) => rate(row, row.key === NO_ORIGIN ? "Origine non renseignée" : originLabel(row.key ?? "")))
      .sort((a, b) => b.prospects - a.prospects || a.label.localeCompare(b.label, "fr")),
    byMonth: of("month")
      .map((row) => rate(row, MONTHS.format(new Date(`${row.key}-01T00:00:00Z`))))
      .sort((a, b) => a.key.localeCompare(b.key)),
    byTemperature: ["hot", "warm", "cold"]
      .map((code) => of("temperature").find((row) => row.key === code))
      .filter((row): row is GroupRow => row !== undefined)
      .map((row) => rate(row, TEMPERATURE_LABELS[row.key as string] ?? (row.key as string))),
  };
}

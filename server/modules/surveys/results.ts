import { type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { neutraliseFormula } from "../../../shared/csv-safe.ts";
import { netPromoterScore, SURVEY_KINDS, type SurveyKind } from "../../../shared/surveys.ts";
import { authorize } from "../../authorize.ts";
import { startOfClinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { onReplica } from "../../db/replica.ts";
import { fieldError } from "../../http/errors.ts";
import { readSettings } from "../settings/settings.ts";
import { currentForm } from "./forms.ts";
import type { SurveyResults, SurveyResultsQuery } from "./survey.schema.ts";

interface ResponseRow {
  month: string;
  answered_on: string;
  kind: SurveyKind;
  site: string | null;
  service_id: string | null;
  service_name: string | null;
  channel: string;
  anonymous: boolean;
  scores: Record<string, number>;
  nps: number | null;
  comment: string | null;
  low_score: boolean;
}

interface AskedRow {
  month: string;
  site: string | null;
  service_id: string | null;
  asked: number;
}

const COMMENTS_MAX = 500;

const rowsOf = async <T>(executor: Executor, statement: SQL) =>
  ((await executor.execute(statement)) as unknown as { rows: T[] }).rows;

function summarise(rows: readonly ResponseRow[], asked: number, codes: readonly string[]) {
  const areas: Record<string, number | null> = {};
  for (const code of codes) {
    const values = rows.map((r) => r.scores[code]).filter((v): v is number => typeof v === "number");
    areas[code] = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
  }
  const npsValues = rows.map((r) => r.nps).filter((v): v is number => v !== null);
  return {
    responses: rows.length,
    asked,
    // The desk's answers were not asked by a link or a call: the rate counts the others.
    responseRate: asked > 0 ? Math.round((rows.filter((r) => r.channel !== "desk").length * 100) / asked) : null,
    areas,
    nps: netPromoterScore(npsValues),
    npsAnswers: npsValues.length,
    lowScores: rows.filter((r) => r.low_score).length,
  };
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  while (`${y}-${String(m).padStart(2, "0")}` <= to && out.length < 120) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The satisfaction results of a period of months (DESIGN §2): response rate, average per area, NPS,
 * comments; per month (the trend), per site and per service.
 */
export async function surveyResults(ctx: Ctx, query: SurveyResultsQuery): Promise<SurveyResults> {
  authorize(ctx.actor, "reports.read");
  if (query.to < query.from) throw fieldError("survey_period_invalid", "to");
  const months = monthsBetween(query.from, query.to);
  if (months.at(-1) !== query.to) throw fieldError("survey_period_invalid", "to");
  const { settings } = await readSettings(ctx.database.db);
  const tz = settings.timeZone;
  const firstDay = `${query.from}-01`;
  const [ty, tm] = query.to.split("-").map(Number) as [number, number];
  const endDay = tm === 12 ? `${ty + 1}-01-01` : `${ty}-${String(tm + 1).padStart(2, "0")}-01`;
  const start = startOfClinicDay(firstDay, tz);
  const end = startOfClinicDay(endDay, tz);
  const db = onReplica(ctx).database.db;
  const kindFilter = query.kind ? sql`and r.kind = ${query.kind}` : sql``;
  const siteFilter = query.site ? sql`and r.site = ${query.site}` : sql``;
  const serviceFilter = query.serviceId ? sql`and r.service_id = ${query.serviceId}` : sql``;
  const responses = await rowsOf<ResponseRow>(
    db,
    sql`
      select to_char(r.answered_on, 'YYYY-MM') as month, r.answered_on::text as answered_on, r.kind, r.site,
             r.service_id, s.name as service_name, r.channel, r.anonymous, r.scores, r.nps, r.comment, r.low_score
      from survey_responses r left join clinic_services s on s.id = r.service_id
      where r.answered_on >= ${firstDay}::date and r.answered_on < ${endDay}::date
        ${kindFilter} ${siteFilter} ${serviceFilter}
      order by r.answered_on desc`,
  );
  const invKind = query.kind ? sql`and i.kind = ${query.kind}` : sql``;
  const invSite = query.site ? sql`and i.site = ${query.site}` : sql``;
  const invService = query.serviceId ? sql`and i.service_id = ${query.serviceId}` : sql``;
  const taskSite = query.site ? sql`and a.site = ${query.site}` : sql``;
  const taskService = query.serviceId ? sql`and a.service_id = ${query.serviceId}` : sql``;
  // Phone tasks are the 72 h calls: only the after-first-visit survey is asked through them.
  const withTasks = !query.kind || query.kind === "after_first_visit";
  const asked = await rowsOf<AskedRow>(
    db,
    sql`
      select month, site, service_id, count(*)::int as asked from (
        select to_char(i.created_at at time zone ${tz}, 'YYYY-MM') as month, i.site, i.service_id::text as service_id
        from survey_invitations i
        where i.created_at >= ${start} and i.created_at < ${end} ${invKind} ${invSite} ${invService}
        ${
          withTasks
            ? sql`union all
        select to_char(t.due_at at time zone ${tz}, 'YYYY-MM'), a.site, a.service_id::text
        from follow_up_tasks t left join appointments a on a.id::text = t.source_id
        where t.rule = 'new-patient-72h' and t.due_at >= ${start} and t.due_at < ${end} ${taskSite} ${taskService}`
            : sql``
        }
      ) x group by month, site, service_id`,
  );

  const codes: { code: string; label: string }[] = [];
  const now = ctx.clock.now();
  for (const kind of query.kind ? [query.kind] : SURVEY_KINDS) {
    const form = await currentForm(db, kind, now);
    for (const q of form.questions) {
      if (q.type === "score" && !codes.some((c) => c.code === q.code)) codes.push({ code: q.code, label: q.label });
    }
  }
  for (const r of responses) {
    for (const code of Object.keys(r.scores))
      if (!codes.some((c) => c.code === code)) codes.push({ code, label: code });
  }
  const areaCodes = codes.map((c) => c.code);
  const sum = (rows: readonly AskedRow[]) => rows.reduce((n, r) => n + Number(r.asked), 0);

  const siteKeys = [...new Set([...responses.map((r) => r.site), ...asked.map((a) => a.site)])];
  const serviceKeys = [...new Set([...responses.map((r) => r.service_id), ...asked.map((a) => a.service_id)])];
  const serviceNames = new Map(responses.map((r) => [r.service_id, r.service_name]));
  return {
    from: query.from,
    to: query.to,
    areas: codes,
    total: summarise(responses, sum(asked), areaCodes),
    months: months.map((m) => ({
      month: m,
      ...summarise(
        responses.filter((r) => r.month === m),
        sum(asked.filter((a) => a.month === m)),
        areaCodes,
      ),
    })),
    bySite: siteKeys.map((site) => ({
      site,
      label: site === null ? "Site non précisé" : (settings.sites.find((s) => s.code === site)?.name ?? site),
      ...summarise(
        responses.filter((r) => r.site === site),
        sum(asked.filter((a) => a.site === site)),
        areaCodes,
      ),
    })),
    byService: serviceKeys.map((serviceId) => ({
      serviceId,
      label: serviceId === null ? "Service non précisé" : (serviceNames.get(serviceId) ?? "Service"),
      ...summarise(
        responses.filter((r) => r.service_id === serviceId),
        sum(asked.filter((a) => a.service_id === serviceId)),
        areaCodes,
      ),
    })),
    comments: responses
      .filter((r) => r.comment)
      .slice(0, COMMENTS_MAX)
      .map((r) => ({
        answeredOn: r.answered_on,
        kind: r.kind,
        site: r.site,
        anonymous: r.anonymous,
        comment: r.comment ?? "",
      })),
  };
}

const KIND_LABELS: Record<SurveyKind, string> = { after_first_visit: "Enquête 72 h", discharge: "Enquête de sortie" };

/** The results as an XLSX workbook: months, sites, services, comments; every text cell formula-safe. */
export async function surveyResultsXlsx(ctx: Ctx, query: SurveyResultsQuery): Promise<Buffer> {
  const results = await surveyResults(ctx, query);
  const workbook = new ExcelJS.Workbook();
  const text = (value: string | null) => (value === null ? "" : neutraliseFormula(value));
  const header = ["Taux de réponse (%)", "Réponses", "Enquêtes proposées", "NPS", ...results.areas.map((a) => a.label)];
  const figuresRow = (f: SurveyResults["total"]) => [
    f.responseRate,
    f.responses,
    f.asked,
    f.nps,
    ...results.areas.map((a) => f.areas[a.code] ?? null),
  ];
  const months = workbook.addWorksheet("Par mois");
  months.addRow(["Mois", ...header.map(text)]);
  for (const m of results.months) months.addRow([m.month, ...figuresRow(m)]);
  months.addRow(["Total", ...figuresRow(results.total)]);
  const sites = workbook.addWorksheet("Par site");
  sites.addRow(["Site", ...header.map(text)]);
  for (const s of results.bySite) sites.addRow([text(s.label), ...figuresRow(s)]);
  const services = workbook.addWorksheet("Par service");
  services.addRow(["Service", ...header.map(text)]);
  for (const s of results.byService) services.addRow([text(s.label), ...figuresRow(s)]);
  const comments = workbook.addWorksheet("Commentaires");
  comments.addRow(["Jour", "Enquête", "Site", "Anonyme", "Commentaire"]);
  for (const c of results.comments) {
    comments.addRow([c.answeredOn, KIND_LABELS[c.kind], text(c.site), c.anonymous ? "oui" : "non", text(c.comment)]);
  }
  for (const sheet of [months, sites, services, comments]) sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

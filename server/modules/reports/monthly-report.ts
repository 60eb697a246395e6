import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { z } from "zod";
import { BAND_COLORS, complianceBand, formatPercent } from "../../../shared/compliance-band.ts";
import { neutraliseFormula } from "../../../shared/csv-safe.ts";
import { authorize } from "../../authorize.ts";
import { addCalendarDays, clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { TEMPERATURE_LABELS } from "../../i18n/labels.ts";
import { pdfBytes } from "../../pdf.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { formatDay } from "../quotes/format.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { surveyResults } from "../surveys/results.ts";
import type { SurveyResults } from "../surveys/survey.schema.ts";
import type { Compliance } from "./compliance.schema.ts";
import { getCompliance } from "./get-compliance.ts";

export const monthlyReportQuery = z.strictObject({
  /** The month, AAAA-MM; the month before the current one when absent (the management review's). */
  month: z
    .string()
    .regex(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, "un mois AAAA-MM")
    .optional(),
});
export type MonthlyReportQuery = z.infer<typeof monthlyReportQuery>;

const MONTH_NAMES = new Intl.DateTimeFormat("fr-FR", { month: "long", year: "numeric", timeZone: "UTC" });
const monthName = (month: string) => MONTH_NAMES.format(new Date(`${month}-01T00:00:00Z`));
/** « 90 % » as on the screen; the PDF's built-in Helvetica (WinAnsi) has U+00A0 but not U+202F. */
const percent = (value: number | null) => formatPercent(value).replace(/\u202f/g, "\u00a0");
/** « Rapport qualité — décembre 2026 (en cours) » while the month runs. */
const reportTitle = (prefix: string, month: string, d: Compliance) =>
  `${prefix} — ${monthName(month)}${d.running ? " (en cours)" : ""}`;
const STATUS_LABELS = { normal: "Normal", dormant: "En veille", lost: "Perdu" } as const;

/** The month asked, or the one before the clinic's current month; its first and last days. */
function monthBounds(query: MonthlyReportQuery, now: Date, settings: Settings) {
  const month = query.month ?? addCalendarDays(`${clinicDay(now, settings.timeZone).slice(0, 7)}-01`, -1).slice(0, 7);
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { month, from: `${month}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
}

/**
 * The monthly quality report for the ISO 9001 management review: the
 * compliance dashboard of one month (getCompliance, the screen's own
 * computation), as a printable PDF or its figures as XLSX. A month still
 * running is counted up to the clock's day only and marked « en cours ».
 */
export async function monthlyReport(
  ctx: Ctx,
  query: MonthlyReportQuery,
  format: "pdf" | "xlsx",
  options: { compress?: boolean } = {},
) {
  authorize(ctx.actor, "reports.read");
  const { settings } = await readSettings(ctx.database.db);
  const { month, from, to } = monthBounds(query, ctx.clock.now(), settings);
  const dashboard = await getCompliance(ctx, { from, to });
  const surveys = await surveyResults(ctx, { from: month, to: month });
  const buffer =
    format === "pdf"
      ? await renderPdf(dashboard, month, settings, ctx.clock.now(), options.compress ?? true, surveys)
      : await renderXlsx(dashboard, month, surveys);
  await recordAudit(ctx.database.db, ctx.clock, ctx.actor, {
    action: "report.monthly.export",
    entityType: "report",
    after: { format, month },
  });
  return {
    filename: `rapport-qualite-${month}.${format}`,
    type: format === "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer,
  };
}

const weekLabel = (start: string, bucket: Compliance["bucket"]) =>
  bucket === "week" ? `sem. du ${formatDay(start).slice(0, 5)}` : monthName(start.slice(0, 7));

function renderPdf(
  d: Compliance,
  month: string,
  settings: Settings,
  now: Date,
  compress: boolean,
  surveys: SurveyResults,
): Promise<Buffer> {
  const margin = 40;
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin,
    compress,
    info: { Title: reportTitle("Rapport qualité", month, d), Author: settings.clinicName, Creator: "Relais" },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * margin;

  doc.font("Helvetica-Bold").fontSize(16).fillColor("#1f3a5f").text(settings.clinicName, margin, margin);
  doc
    .font("Helvetica-Bold")
    .fontSize(14)
    .fillColor("#000000")
    .text(reportTitle("Rapport qualité mensuel", month, d), margin, margin, { width, align: "right" });
  const days = d.running
    ? `mois en cours : du ${formatDay(d.from)} au ${formatDay(d.through)}, jours à venir non comptés`
    : `du ${formatDay(d.from)} au ${formatDay(d.through)}`;
  doc
    .font("Helvetica")
    .fontSize(9)
    .text(
      `Revue de direction ISO 9001 · ${days} · établi le ${formatDay(clinicDay(now, settings.timeZone))} · objectif ${percent(d.targetPercent / 100)}`,
      { width, align: "right" },
    );
  doc.moveDown(1.5);

  // The shares: one line each, with the month before and the weeks.
  const columns = [
    { title: "Procédure", width: 150 },
    { title: "Indicateur", width: 220 },
    { title: "Résultat", width: 60 },
    { title: "Nombre", width: 60 },
    // While the month runs, the days so far are compared with as many days just before.
    { title: d.running ? "Période précédente" : "Mois précédent", width: 70 },
    { title: "Par semaine", width: width - 560 },
  ];
  /** One line of the table; `colors` paints some cells (the result, in its band's colour). */
  const row = (cells: string[], bold = false, colors: Record<number, string> = {}) => {
    const y = doc.y;
    let x = margin;
    let height = 0;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8.5);
    cells.forEach((cell, i) => {
      const w = columns[i]?.width ?? 60;
      doc.fillColor(colors[i] ?? "#000000").text(cell, x, y, { width: w - 6 });
      height = Math.max(height, doc.y - y);
      x += w;
    });
    doc.y = y + height + 4;
    doc
      .moveTo(margin, doc.y - 2)
      .lineTo(margin + width, doc.y - 2)
      .strokeColor("#dddddd")
      .stroke();
  };
  doc.font("Helvetica-Bold").fontSize(11).text("Indicateurs des procédures", margin, doc.y);
  doc.moveDown(0.5);
  row(
    columns.map((c) => c.title),
    true,
  );
  for (const share of d.shares) {
    const band = complianceBand(share.value, d.targetPercent, share.lowerIsBetter);
    row(
      [
        share.procedure,
        share.label + (share.lowerIsBetter ? " (à garder bas)" : ""),
        percent(share.value),
        `${share.numerator} / ${share.denominator}`,
        percent(share.previous.value),
        share.trend.map((b) => `${weekLabel(b.start, d.bucket)} : ${percent(b.value)}`).join(" · "),
      ],
      false,
      { 2: BAND_COLORS[band].hex },
    );
  }
  doc.fillColor("#000000");

  doc.moveDown(1);
  doc
    .font("Helvetica-Bold")
    .fontSize(11)
    .text(`Tâches de relance en retard au ${formatDay(d.overdue.at.slice(0, 10))} : ${d.overdue.total}`, margin);
  doc.font("Helvetica").fontSize(9);
  doc.text(`Par règle : ${d.overdue.byRule.map((r) => `${r.label} ${r.count}`).join(" · ") || "aucune"}`);
  doc.text(`Par personne : ${d.overdue.byAssignee.map((r) => `${r.name} ${r.count}`).join(" · ") || "aucune"}`);

  doc.moveDown(1);
  doc
    .font("Helvetica-Bold")
    .fontSize(11)
    .text(
      `Entretiens d'entrée tenus (procédure 5) : ${d.entryInterviews.held} (période précédente : ${d.entryInterviews.previous})`,
      margin,
    );

  doc.moveDown(1);
  doc.font("Helvetica-Bold").fontSize(11).text(`Prospects suivis (${d.prospects.total}) par statut`, margin);
  doc.font("Helvetica").fontSize(9);
  for (const t of d.prospects.byTemperature) {
    doc.text(
      `${TEMPERATURE_LABELS[t.temperature]} : ${STATUS_LABELS.normal} ${t.normal} · ${STATUS_LABELS.dormant} ${t.dormant} · ${STATUS_LABELS.lost} ${t.lost}`,
    );
  }
  surveyPage(doc, surveys, month, margin, width);
  doc.end();
  return done;
}

async function renderXlsx(d: Compliance, month: string, surveys: SurveyResults): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const shares = workbook.addWorksheet("Indicateurs");
  shares.columns = [
    { header: "Procédure", width: 40 },
    { header: "Indicateur", width: 55 },
    { header: "Nombre", width: 10 },
    { header: "Sur", width: 10 },
    { header: "Résultat", width: 10, style: { numFmt: "0%" } },
    { header: "Mois précédent", width: 14, style: { numFmt: "0%" } },
    ...(d.shares[0]?.trend ?? []).map((b) => ({
      header: weekLabel(b.start, d.bucket),
      width: 14,
      style: { numFmt: "0%" },
    })),
  ];
  for (const share of d.shares) {
    shares.addRow([
      share.procedure,
      share.label,
      share.numerator,
      share.denominator,
      share.value,
      share.previous.value,
      ...share.trend.map((b) => b.value),
    ]);
  }
  shares.getRow(1).font = { bold: true };
  shares.views = [{ state: "frozen", ySplit: 1 }];

  const overdue = workbook.addWorksheet("Tâches en retard");
  overdue.columns = [
    { header: "Règle ou personne", width: 45 },
    { header: "En retard", width: 12 },
  ];
  overdue.addRow([`Au ${formatDay(d.overdue.at.slice(0, 10))}`, d.overdue.total]);
  for (const r of d.overdue.byRule) overdue.addRow([r.label, r.count]);
  for (const r of d.overdue.byAssignee) overdue.addRow([r.name, r.count]);
  overdue.getRow(1).font = { bold: true };

  const prospects = workbook.addWorksheet("Prospects");
  prospects.columns = [
    { header: "Température", width: 14 },
    { header: STATUS_LABELS.normal, width: 12 },
    { header: STATUS_LABELS.dormant, width: 12 },
    { header: STATUS_LABELS.lost, width: 12 },
  ];
  for (const t of d.prospects.byTemperature) {
    prospects.addRow([TEMPERATURE_LABELS[t.temperature], t.normal, t.dormant, t.lost]);
  }
  prospects.getRow(1).font = { bold: true };
  workbook.title = reportTitle("Rapport qualité", month, d);
  const satisfaction = workbook.addWorksheet("Enquêtes (P5)");
  satisfaction.addRow(["Indicateur", "Valeur"]);
  satisfaction.addRow(["Réponses", surveys.total.responses]);
  satisfaction.addRow(["Enquêtes proposées", surveys.total.asked]);
  satisfaction.addRow(["Taux de réponse (%)", surveys.total.responseRate]);
  satisfaction.addRow(["NPS", surveys.total.nps]);
  satisfaction.addRow(["Insatisfactions", surveys.total.lowScores]);
  for (const a of surveys.areas) satisfaction.addRow([neutraliseFormula(a.label), surveys.total.areas[a.code] ?? null]);
  satisfaction.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const figure = (value: number | null, suffix = "") => (value === null ? "—" : `${value}${suffix}`);

/** Procedure 5's page: the month's satisfaction surveys (rate, NPS, areas, sites, comments). */
function surveyPage(doc: PDFKit.PDFDocument, s: SurveyResults, month: string, margin: number, width: number): void {
  doc.addPage();
  doc
    .font("Helvetica-Bold")
    .fontSize(13)
    .fillColor("#1f3a5f")
    .text(`Procédure 5 — Enquêtes de satisfaction — ${monthName(month)}`, margin, margin, { width });
  doc.fillColor("#000000").font("Helvetica").fontSize(9.5).moveDown(0.5);
  const t = s.total;
  doc.text(
    `Réponses : ${t.responses} · enquêtes proposées (liens SMS et appels 72 h) : ${t.asked} · taux de réponse : ${figure(t.responseRate, "\u00a0%")} · NPS : ${figure(t.nps)} (${t.npsAnswers} réponses) · insatisfactions (une note de 1 ou 2, ou une recommandation de 0 à 6) : ${t.lowScores}`,
    { width },
  );
  doc.moveDown(0.5);
  doc.font("Helvetica-Bold").text("Moyenne par domaine (1 à 5)");
  doc.font("Helvetica").text(s.areas.map((a) => `${a.label} : ${figure(t.areas[a.code] ?? null)}`).join(" · ") || "—", {
    width,
  });
  doc.moveDown(0.5);
  doc.font("Helvetica-Bold").text("Par site");
  doc.font("Helvetica");
  for (const site of s.bySite) {
    doc.text(
      `${site.label} : ${site.responses} réponse(s), taux ${figure(site.responseRate, "\u00a0%")}, NPS ${figure(site.nps)}`,
    );
  }
  if (s.bySite.length === 0) doc.text("—");
  doc.moveDown(0.5);
  doc.font("Helvetica-Bold").text("Commentaires");
  doc.font("Helvetica");
  for (const c of s.comments.slice(0, 15)) {
    doc.text(`${formatDay(c.answeredOn)}${c.anonymous ? " (anonyme)" : ""} : « ${c.comment} »`, { width });
  }
  if (s.comments.length === 0) doc.text("Aucun commentaire.");
}

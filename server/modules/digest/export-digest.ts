import ExcelJS from "exceljs";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { authorize } from "../../authorize.ts";
import { wallClock } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { CHANNEL_LABELS, TEMPERATURE_LABELS } from "../../i18n/labels.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { DigestLine, DigestQuery } from "./digest.schema.ts";
import { digestLinesOfDay, keepLine, resolveDigestDay } from "./list-digest.ts";

const COLUMNS: { header: string; width: number; format?: string }[] = [
  { header: "Heure", width: 8, format: "hh:mm" },
  { header: "Fiche", width: 28 },
  { header: "Type", width: 10 },
  { header: "Téléphone", width: 18 },
  { header: "Température", width: 12 },
  { header: "Canal", width: 16 },
  { header: "Motif", width: 36 },
  { header: "Types de demande", width: 30 },
  { header: "Commentaire", width: 48 },
  { header: "Documents envoyés", width: 30 },
  { header: "Documentation demandée", width: 14 },
  { header: "Suite donnée", width: 30 },
  { header: "Saisi par", width: 20 },
  { header: "Saisi le", width: 16, format: "dd/mm/yyyy hh:mm" },
  { header: "Traité le", width: 16, format: "dd/mm/yyyy hh:mm" },
  { header: "Traité par", width: 20 },
];

const formatPhone = (e164: string | null) =>
  e164 ? (parsePhoneNumberFromString(e164)?.formatInternational() ?? e164) : null;

/**
 * The digest of one day as an XLSX file, with the lines the page shows for the
 * same filter: French headers, times in the clinic's wall-clock time, oldest
 * first. Audited: it holds names and phone numbers of prospects and patients.
 */
export async function exportDigest(ctx: Ctx, query: DigestQuery) {
  authorize(ctx.actor, "digest.manage");
  const { db } = ctx.database;
  const { day, settings } = await resolveDigestDay(ctx, query.day);
  const processed = query.processed ?? "false";
  const lines = (await digestLinesOfDay(db, day, settings)).filter((line) => keepLine(line, processed));
  const time = (iso: string | null | undefined) => (iso ? wallClock(new Date(iso), settings.timeZone) : null);
  const row = (line: DigestLine) => [
    time(line.occurredAt),
    `${line.person.lastName} ${line.person.firstName}`,
    line.person.kind === "patient" ? "Patient" : "Prospect",
    formatPhone(line.person.phone),
    line.person.temperature ? (TEMPERATURE_LABELS[line.person.temperature] ?? line.person.temperature) : null,
    CHANNEL_LABELS[line.channel] ?? line.channel,
    line.motive?.label ?? null,
    line.requestTypes.map((r) => r.label).join(", ") || null,
    line.comment,
    line.documentsSent.join(", ") || null,
    line.documentsRequested ? "Oui" : "Non",
    line.outcome,
    line.author?.name ?? null,
    time(line.recordedAt),
    time(line.processed?.at),
    line.processed?.by?.name ?? null,
  ];

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`Suivi ${day}`);
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.format ? { numFmt: c.format } : { alignment: { wrapText: true, vertical: "top" } },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const line of lines) sheet.addRow(row(line));
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

  await recordAudit(db, ctx.clock, ctx.actor, {
    action: "digest.export",
    entityType: "interaction",
    after: { day, processed, rows: lines.length },
  });
  const suffix = processed === "true" ? "-traitees" : processed === "all" ? "-toutes" : "";
  return { filename: `suivi-quotidien-${day}${suffix}.xlsx`, buffer };
}

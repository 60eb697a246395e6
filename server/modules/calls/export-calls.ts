import { and, asc, gte, lt } from "drizzle-orm";
import ExcelJS from "exceljs";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { authorize } from "../../authorize.ts";
import { dayBounds, wallClock } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { calls, clinicServices, users } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { CallOutcome, CallView } from "./call.schema.ts";
import { resolveDay } from "./list-calls.ts";
import { selectCalls } from "./present.ts";

export const OUTCOME_LABELS: Record<CallOutcome, string> = {
  answered: "Répondu",
  transferred: "Transféré",
  message_left: "Message laissé",
  call_back_later: "Rappellera plus tard",
  to_resume: "À reprendre",
};

const COLUMNS: { header: string; width: number; time?: boolean }[] = [
  { header: "Heure", width: 8, time: true },
  { header: "Canal", width: 10 },
  { header: "Numéro", width: 18 },
  { header: "Appelant", width: 24 },
  { header: "Fiche liée", width: 26 },
  { header: "Répondu par", width: 20 },
  { header: "Arrivé transféré pour", width: 22 },
  { header: "Demande", width: 40 },
  { header: "Déjà venu(e)", width: 12 },
  { header: "Issue", width: 18 },
  { header: "Transféré vers", width: 22 },
  { header: "Attente (s)", width: 10 },
  { header: "Notes", width: 40 },
  { header: "Clôturé à", width: 10, time: true },
  { header: "Repris à", width: 10, time: true },
  { header: "Repris par", width: 20 },
];

const formatPhone = (e164: string | null) =>
  e164 ? (parsePhoneNumberFromString(e164)?.formatInternational() ?? e164) : null;

const yesNo = (value: boolean | null) => (value === null ? null : value ? "Oui" : "Non");

/**
 * The register of one day as an XLSX file: French headers, times in the clinic's
 * time zone, oldest call first (the order of the paper notebook). Audited: it
 * holds callers' phone numbers.
 */
export async function exportCalls(ctx: Ctx, query: { day?: string }) {
  authorize(ctx.actor, "calls.read");
  const { db } = ctx.database;
  const { day, timeZone } = await resolveDay(ctx, query.day);
  const { start, end } = dayBounds(day, timeZone);
  const lines = await selectCalls(db, and(gte(calls.receivedAt, start), lt(calls.receivedAt, end)), {
    order: [asc(calls.receivedAt), asc(calls.createdAt)],
  });
  const services = new Map(
    (await db.select({ id: clinicServices.id, name: clinicServices.name }).from(clinicServices)).map((s) => [
      s.id,
      s.name,
    ]),
  );
  const staff = new Map(
    (await db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users)).map((u) => [
      u.id,
      `${u.firstName} ${u.lastName}`,
    ]),
  );
  const time = (iso: string | null) => (iso ? wallClock(new Date(iso), timeZone) : null);
  const row = (c: CallView) => [
    time(c.receivedAt),
    c.channel === "phone" ? "Téléphone" : "Visite",
    formatPhone(c.phone),
    c.callerName,
    c.person
      ? `${c.person.lastName} ${c.person.firstName} (${c.person.kind === "patient" ? "patient" : "prospect"})`
      : null,
    c.answeredBy?.name ?? null,
    c.transferredInServiceId ? (services.get(c.transferredInServiceId) ?? null) : null,
    c.request,
    yesNo(c.cameBefore),
    c.outcome ? OUTCOME_LABELS[c.outcome] : "En cours",
    [c.transferServiceId && services.get(c.transferServiceId), c.transferUserId && staff.get(c.transferUserId)]
      .filter(Boolean)
      .join(" — ") || null,
    c.holdSeconds,
    c.notes,
    time(c.closedAt),
    time(c.resumedAt),
    c.resumedBy?.name ?? null,
  ];

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`Registre ${day}`);
  sheet.columns = COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.time ? { numFmt: "hh:mm" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const line of lines) sheet.addRow(row(line));
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

  await recordAudit(db, ctx.clock, ctx.actor, {
    action: "call.export",
    entityType: "call",
    after: { day, rows: lines.length },
  });
  return { filename: `registre-appels-${day}.xlsx`, buffer };
}

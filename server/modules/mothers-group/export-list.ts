import ExcelJS from "exceljs";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { neutraliseFormula } from "../../../shared/csv-safe.ts";
import { frenchAge, type MothersGroupNetwork, NETWORK_NAMES } from "../../../shared/mothers-group.ts";
import { authorize } from "../../authorize.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { selectMothers } from "./list.ts";

const STATUS_LABELS = { wishes: "Souhaite rejoindre", invited: "Invitée", member: "Membre", left: "A quitté" } as const;

const COLUMNS = [
  { header: "Nom", width: 20 },
  { header: "Prénom", width: 20 },
  { header: "Téléphones", width: 36 },
  { header: "DPA", width: 12 },
  { header: "Âge des enfants", width: 20 },
  { header: "Statut", width: 20 },
  { header: "Accepte d'être ajoutée", width: 22 },
];

const formatPhone = (e164: string) => parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
const frenchDate = (day: string) => day.split("-").reverse().join("/");

/**
 * The list for the group's moderator (procedure 5, « Groupe des Mamans NEST »): names, phones, due dates or
 * children's ages, status. Only the mothers who agreed to be added (their number is then seen by the group), not
 * those who left: the sheet's title says so. Every text cell is formula-safe. Audited: personal data leaves Relais.
 */
export async function exportMothersGroup(ctx: Ctx, network: MothersGroupNetwork) {
  authorize(ctx.actor, "mothersGroup.manage");
  const { settings } = await readSettings(ctx.database.db);
  const today = clinicDay(ctx.clock.now(), settings.timeZone);
  const { items } = await selectMothers(ctx.database, { network, consentingOnly: true });
  const text = (value: string) => neutraliseFormula(value);

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${NETWORK_NAMES[network]} - consentantes`);
  sheet.addRow([
    text(
      `Groupe des Mamans NEST (${NETWORK_NAMES[network]}) — mamans ayant accepté d'être ajoutées au groupe, au ${frenchDate(today)}`,
    ),
  ]);
  sheet.getRow(1).font = { bold: true, size: 13 };
  sheet.addRow(COLUMNS.map((c) => c.header));
  sheet.getRow(2).font = { bold: true };
  COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  sheet.views = [{ state: "frozen", ySplit: 2 }];
  for (const mother of [...items].sort(
    (a, b) => a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr"),
  )) {
    sheet.addRow([
      text(mother.lastName),
      text(mother.firstName),
      text(mother.phones.map(formatPhone).join(" / ")),
      mother.dueDate ? frenchDate(mother.dueDate) : "",
      mother.childrenBirthDates.map((day) => frenchAge(day, today)).join(", "),
      STATUS_LABELS[mother.status],
      "Oui",
    ]);
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await recordAudit(ctx.database.db, ctx.clock, ctx.actor, {
    action: "mothers_group.export",
    entityType: "mothers_group_membership",
    after: { network, rows: items.length },
  });
  return { filename: `groupe-des-mamans-${network}-${today}.xlsx`, buffer };
}

import PDFDocument from "pdfkit";
import { DOSE_STATUS_LABELS } from "../../../shared/vaccination.ts";
import type { Executor } from "../../db/client.ts";
import { pdfBytes } from "../../pdf.ts";
import { formatDay } from "../quotes/format.ts";
import { readSettings } from "../settings/settings.ts";
import { calendarOf, loadChild } from "./records.ts";

const A4_MARGIN = 50;

/** A file name from the child's names, ASCII only (« calendrier-vaccinal-diallo-fatou.pdf »). */
function fileNameOf(lastName: string, firstName: string): string {
  const slug = `${lastName}-${firstName}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `calendrier-vaccinal-${slug || "enfant"}.pdf`;
}

/**
 * The child's personalised vaccination calendar for the parents (procedure 5: « Le calendrier vaccinal
 * personnalisé est donné aux parents »): the clinic's header, the child's name and birth date, each
 * dose with its due day and the day it was given, as of `asOf` (a clinic day). The same calendar on the
 * same day gives the same bytes; `compress: false` writes readable content streams (tests read the text).
 */
export async function renderVaccinationPdf(
  executor: Executor,
  personId: string,
  asOf: string,
  options: { compress?: boolean } = {},
): Promise<{ fileName: string; content: Buffer }> {
  const { settings } = await readSettings(executor);
  const child = await loadChild(executor, personId);
  const calendar = await calendarOf(executor, child, settings, asOf);
  const issuedAt = new Date(`${asOf}T12:00:00Z`);
  const doc = new PDFDocument({
    size: "A4",
    margin: A4_MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: `Calendrier vaccinal de ${child.firstName} ${child.lastName}`,
      Author: settings.clinicName,
      Creator: "Relais",
      Producer: "Relais",
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const done = pdfBytes(doc);
  const left = A4_MARGIN;
  const width = doc.page.width - 2 * A4_MARGIN;

  doc.font("Helvetica-Bold").fontSize(18).fillColor("#1f3a5f").text(settings.clinicName, left, A4_MARGIN);
  doc.font("Helvetica").fontSize(9).fillColor("#333333");
  for (const line of [settings.clinicAddress, settings.clinicPhone, settings.clinicEmail]) {
    if (line) doc.text(line);
  }
  doc.moveDown(2);
  doc.font("Helvetica-Bold").fontSize(16).fillColor("#000000").text("CALENDRIER VACCINAL", left, doc.y, { width });
  doc.moveDown(0.5);
  doc.font("Helvetica").fontSize(11);
  doc.text(`Enfant : ${child.lastName.toUpperCase()} ${child.firstName}`);
  doc.text(`Né(e) le ${formatDay(calendar.birthDate)}`);
  doc
    .fontSize(9)
    .fillColor("#555555")
    .text(`Établi le ${formatDay(asOf)}`);

  doc.moveDown(1.5);
  const columns = [
    { title: "Vaccin", x: left, width: width - 280 },
    { title: "Prévu le", x: left + width - 280, width: 90 },
    { title: "Fait le", x: left + width - 190, width: 90 },
    { title: "Statut", x: left + width - 100, width: 100 },
  ];
  let y = doc.y;
  doc.rect(left, y - 4, width, 20).fill("#e8eef5");
  doc.fillColor("#000000").font("Helvetica-Bold").fontSize(10);
  for (const c of columns) doc.text(c.title, c.x + 4, y + 1, { width: c.width - 8 });
  y += 22;
  doc.font("Helvetica").fontSize(10);
  for (const dose of calendar.doses) {
    const cells = [
      dose.label,
      formatDay(dose.dueOn),
      dose.givenOn ? formatDay(dose.givenOn) : "",
      DOSE_STATUS_LABELS[dose.status],
    ];
    const height = Math.max(
      ...cells.map((cell, i) => doc.heightOfString(cell, { width: (columns[i]?.width ?? 0) - 8 })),
    );
    if (y + height > doc.page.height - A4_MARGIN - 40) {
      doc.addPage();
      y = A4_MARGIN;
    }
    cells.forEach((cell, i) => {
      const c = columns[i];
      if (c) doc.text(cell, c.x + 4, y, { width: c.width - 8 });
    });
    y += height + 6;
    doc
      .moveTo(left, y - 3)
      .lineTo(left + width, y - 3)
      .strokeColor("#cccccc")
      .lineWidth(0.5)
      .stroke();
  }
  doc.moveDown(2);
  doc
    .font("Helvetica-Oblique")
    .fontSize(8)
    .fillColor("#555555")
    .text(
      "Les dates prévues suivent le Programme élargi de vaccination du Sénégal. Apportez le carnet de santé de l'enfant à chaque vaccination. Un SMS vous rappellera chaque rendez-vous.",
      left,
      y + 10,
      { width },
    );
  doc.end();
  return { fileName: fileNameOf(child.lastName, child.firstName), content: await done };
}

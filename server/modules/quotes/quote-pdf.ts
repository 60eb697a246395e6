import { asc, eq } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import PDFDocument from "pdfkit";
import type { Executor } from "../../db/client.ts";
import { people, personPhones, quoteLines, quotes } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { pdfBytes } from "../../pdf.ts";
import { readSettings } from "../settings/settings.ts";
import { formatDay, formatXof } from "./format.ts";

const A4_MARGIN = 50;

/**
 * The PDF of a pro forma quote ("facture pro forma"): the clinic's header, the
 * number, date and validity, the person, the lines and the total. The same
 * quote always gives the same bytes (dates in the PDF come from the quote).
 * `compress: false` writes readable content streams (tests read the text).
 */
export async function renderQuotePdf(
  executor: Executor,
  quoteId: string,
  options: { compress?: boolean } = {},
): Promise<{ fileName: string; content: Buffer }> {
  const [quote] = await executor.select().from(quotes).where(eq(quotes.id, quoteId));
  if (!quote) throw notFound("quote");
  const [person] = await executor.select().from(people).where(eq(people.id, quote.personId));
  if (!person) throw notFound("person");
  const lines = await executor
    .select()
    .from(quoteLines)
    .where(eq(quoteLines.quoteId, quoteId))
    .orderBy(asc(quoteLines.position));
  const phones = await executor
    .select({ e164: personPhones.e164 })
    .from(personPhones)
    .where(eq(personPhones.personId, person.id))
    .orderBy(asc(personPhones.position));
  const { settings } = await readSettings(executor);

  const doc = new PDFDocument({
    size: "A4",
    margin: A4_MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: `Facture pro forma ${quote.number}`,
      Author: settings.clinicName,
      Creator: "Relais",
      Producer: "Relais",
      CreationDate: quote.createdAt,
      ModDate: quote.createdAt,
    },
  });
  const done = pdfBytes(doc);

  const left = A4_MARGIN;
  const width = doc.page.width - 2 * A4_MARGIN;

  // Header: the clinic.
  doc.font("Helvetica-Bold").fontSize(18).fillColor("#1f3a5f").text(settings.clinicName, left, A4_MARGIN);
  doc.font("Helvetica").fontSize(9).fillColor("#333333");
  for (const line of [settings.clinicAddress, settings.clinicPhone, settings.clinicEmail]) {
    if (line) doc.text(line);
  }

  // Title block, on the right.
  doc
    .font("Helvetica-Bold")
    .fontSize(16)
    .fillColor("#000000")
    .text("FACTURE PRO FORMA", left, A4_MARGIN, { width, align: "right" });
  doc.font("Helvetica").fontSize(10);
  doc.text(`N° ${quote.number}`, { width, align: "right" });
  doc.text(`Date : ${formatDay(quote.issuedOn)}`, { width, align: "right" });
  doc.text(`Valable jusqu'au ${formatDay(quote.validUntil)}`, { width, align: "right" });

  // The person.
  doc.moveDown(3);
  const y0 = Math.max(doc.y, A4_MARGIN + 90);
  doc.font("Helvetica-Bold").fontSize(10).text("Établie pour :", left, y0);
  doc.font("Helvetica").text(`${person.lastName.toUpperCase()} ${person.firstName}`);
  const phone = phones[0]
    ? (parsePhoneNumberFromString(phones[0].e164)?.formatInternational() ?? phones[0].e164)
    : null;
  const contact = [phone, person.email].filter(Boolean).join(" · ");
  if (contact) doc.text(contact);
  if (person.address) doc.text(person.address);

  // The lines.
  doc.moveDown(2);
  const columns = [
    { title: "Désignation", x: left, width: width - 250, align: "left" as const },
    { title: "Qté", x: left + width - 250, width: 40, align: "right" as const },
    { title: "Prix unitaire", x: left + width - 200, width: 95, align: "right" as const },
    { title: "Montant", x: left + width - 100, width: 100, align: "right" as const },
  ];
  let y = doc.y;
  doc.rect(left, y - 4, width, 20).fill("#e8eef5");
  doc.fillColor("#000000").font("Helvetica-Bold").fontSize(10);
  for (const c of columns) doc.text(c.title, c.x + 4, y + 1, { width: c.width - 8, align: c.align });
  y += 22;
  doc.font("Helvetica").fontSize(10);
  for (const line of lines) {
    const cells = [line.label, String(line.quantity), formatXof(line.unitPriceXof), formatXof(line.amountXof)];
    const height = Math.max(
      ...cells.map((cell, i) => doc.heightOfString(cell, { width: (columns[i]?.width ?? 0) - 8 })),
    );
    if (y + height > doc.page.height - A4_MARGIN - 60) {
      doc.addPage();
      y = A4_MARGIN;
    }
    cells.forEach((cell, i) => {
      const c = columns[i];
      if (c) doc.text(cell, c.x + 4, y, { width: c.width - 8, align: c.align });
    });
    y += height + 6;
    doc
      .moveTo(left, y - 3)
      .lineTo(left + width, y - 3)
      .strokeColor("#cccccc")
      .lineWidth(0.5)
      .stroke();
  }

  // The total.
  y += 6;
  doc.font("Helvetica-Bold").fontSize(11).fillColor("#000000");
  doc.text("Total", left + width - 250, y, { width: 140, align: "right" });
  doc.text(formatXof(quote.totalXof), left + width - 100, y, { width: 96, align: "right" });

  if (quote.notes) {
    doc.moveDown(2);
    doc.font("Helvetica").fontSize(9).text(quote.notes, left, doc.y, { width });
  }
  doc.moveDown(3);
  doc
    .font("Helvetica-Oblique")
    .fontSize(8)
    .fillColor("#555555")
    .text(
      "Document non contractuel établi à titre indicatif. Les montants sont exprimés en francs CFA (XOF).",
      left,
      doc.y,
      { width },
    );

  doc.end();
  const content = await done;
  return { fileName: `${quote.number}.pdf`, content };
}

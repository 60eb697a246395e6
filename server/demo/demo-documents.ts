import PDFDocument from "pdfkit";
import { pdfBytes } from "../pdf.ts";

/** Written on every page of the demonstration documents: they describe no real offer. */
export const DEMO_MENTION = "Document de démonstration : contenu fictif, ne pas transmettre à une patiente.";

export interface DemoDocument {
  /** Its name in the library (what staff tick in « Envoyer la documentation »). */
  name: string;
  fileName: string;
  title: string;
  paragraphs: string[];
  /** Label and value rows, drawn as a small table. */
  rows: [string, string][];
}

/** The two documents of the demonstration library. */
export const DEMO_DOCUMENTS: DemoDocument[] = [
  {
    name: "Programme de suivi de grossesse (démonstration)",
    fileName: "programme-suivi-grossesse-demonstration.pdf",
    title: "Programme de suivi de grossesse",
    paragraphs: [
      "Le programme accompagne la future maman du premier trimestre jusqu'à la naissance : " +
        "consultations prénatales, échographies, préparation à l'accouchement et suivi après la naissance.",
      "Une sage-femme référente suit chaque patiente ; les rendez-vous sont pris à l'accueil ou par téléphone.",
    ],
    rows: [
      ["Premier trimestre", "Consultation d'entrée, bilan sanguin, échographie de datation"],
      ["Deuxième trimestre", "Consultation mensuelle, échographie morphologique"],
      ["Troisième trimestre", "Consultations rapprochées, préparation à l'accouchement"],
      ["Après la naissance", "Visite post-natale, consultation pédiatrique du nouveau-né"],
    ],
  },
  {
    name: "Tarifs des consultations (démonstration)",
    fileName: "tarifs-consultations-demonstration.pdf",
    title: "Tarifs des consultations",
    paragraphs: [
      "Tarifs indicatifs en francs CFA, à confirmer à l'accueil. " +
        "Les membres du Programme NEST bénéficient de tarifs préférentiels.",
    ],
    rows: [
      ["Consultation de gynécologie", "25 000 F CFA"],
      ["Échographie", "30 000 F CFA"],
      ["Consultation de pédiatrie", "20 000 F CFA"],
      ["Bilan de fertilité", "60 000 F CFA"],
    ],
  },
];

/**
 * A demonstration document as a PDF, made by pdfkit (built-in Helvetica): the
 * title, the text, the rows and the demonstration mention at the top and the
 * bottom. `at` is its creation date (the same bytes for the same date).
 * `compress: false` writes readable content streams (tests read the text).
 */
export function renderDemoDocument(
  document: DemoDocument,
  options: { clinicName: string; at: Date; compress?: boolean },
): Promise<Buffer> {
  const margin = 50;
  const doc = new PDFDocument({
    size: "A4",
    margin,
    compress: options.compress ?? true,
    info: {
      Title: `${document.title} (démonstration)`,
      Author: options.clinicName,
      Subject: DEMO_MENTION,
      Creator: "Relais (données de démonstration)",
      CreationDate: options.at,
      ModDate: options.at,
    },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * margin;

  doc.font("Helvetica-Oblique").fontSize(9).fillColor("#b45309").text(DEMO_MENTION, margin, margin, { width });
  doc.moveDown(1.5);
  doc.font("Helvetica-Bold").fontSize(11).fillColor("#444444").text(options.clinicName, { width });
  doc.moveDown(0.5);
  doc.font("Helvetica-Bold").fontSize(20).fillColor("#111111").text(document.title, { width });
  doc.moveDown(1);
  doc.font("Helvetica").fontSize(11);
  for (const paragraph of document.paragraphs) {
    doc.text(paragraph, { width, align: "left" });
    doc.moveDown(0.7);
  }
  doc.moveDown(0.5);
  const labelWidth = 190;
  for (const [label, value] of document.rows) {
    const y = doc.y;
    doc.font("Helvetica-Bold").text(label, margin, y, { width: labelWidth - 10 });
    const afterLabel = doc.y;
    doc.font("Helvetica").text(value, margin + labelWidth, y, { width: width - labelWidth });
    doc.y = Math.max(afterLabel, doc.y) + 6;
  }
  doc.moveDown(2);
  doc.font("Helvetica-Oblique").fontSize(9).fillColor("#b45309").text(DEMO_MENTION, margin, doc.y, { width });
  doc.end();
  return done;
}

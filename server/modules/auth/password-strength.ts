import type { ErrorCode } from "../../i18n/messages.ts";
import { COMMON_PASSWORDS } from "./common-passwords.ts";
import { generateToken } from "./tokens.ts";

/** Lower-case, without accents. */
const normalise = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
/** Letters and digits only. */
const compact = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, "");
/** Digits and punctuation added at either end ("Motdepasse2024!"). */
const stripEnds = (text: string) => text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};
const unLeet = (text: string) => text.replace(/[013457@$!]/g, (c) => LEET[c] ?? c);

const COMMON = new Set(COMMON_PASSWORDS.map((p) => compact(normalise(p))));

export interface PasswordOwner {
  email: string;
  firstName: string;
  lastName: string;
  /** The password being replaced, as typed (change of one's own password). */
  current?: string;
}

/**
 * Why a new password is refused, or null: one of the most common passwords
 * (also with digits or punctuation at the ends, separators or l33t letters),
 * the account's e-mail local part, first or last name in it (3 letters or
 * more, any case or accents), or the current password again. The length is
 * checked by the schemas (LIMITS.passwordMin).
 */
export function checkPasswordStrength(password: string, owner: PasswordOwner): ErrorCode | null {
  if (owner.current !== undefined && password === owner.current) return "password_unchanged";
  const normal = normalise(password);
  const candidates = new Set<string>();
  for (const base of [normal, stripEnds(normal)]) {
    for (const variant of [base, unLeet(base)]) {
      candidates.add(compact(variant));
      candidates.add(compact(stripEnds(variant)));
    }
  }
  if ([...candidates].some((c) => COMMON.has(c)) || new Set(normal).size < 4) return "password_too_common";
  const personal = [owner.email.split("@")[0] ?? "", owner.firstName, owner.lastName].flatMap((text) => {
    const words = normalise(text).split(/[^\p{L}\p{N}]+/u);
    return [...words, words.join("")];
  });
  const haystacks = [compact(normal), compact(unLeet(normal))];
  if (personal.some((part) => part.length >= 3 && haystacks.some((h) => h.includes(part)))) {
    return "password_contains_personal";
  }
  return null;
}

/** A random temporary password (16 URL-safe characters) that passes the checks above. */
export function generatePassword(owner: PasswordOwner): string {
  for (;;) {
    const password = generateToken(12);
    if (checkPasswordStrength(password, owner) === null) return password;
  }
}

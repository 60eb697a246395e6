import { describe, expect, it } from "vitest";
import { checkPasswordStrength, generatePassword } from "./password-strength.ts";

const awa = { email: "awa.ndiaye@nest.sn", firstName: "Awa", lastName: "Ndiaye" };

describe("checkPasswordStrength", () => {
  it("refuses the most common passwords, whatever the case, accents, ends, separators or l33t letters", () => {
    for (const password of [
      "1234567890",
      "azertyuiop",
      "AZERTYUIOP",
      "qwertyuiop",
      "password123",
      "Motdepasse2024!",
      "mot-de-passe-1",
      "P@ssw0rd1234",
      "senegal2026!",
      "Sénégal-221221",
      "clinique-nest-2026",
      "2024dakar2024",
      "aaaaaaaaaaaa",
      "abababababab",
    ]) {
      expect([password, checkPasswordStrength(password, awa)]).toEqual([password, "password_too_common"]);
    }
  });

  it("refuses the e-mail's local part, the first or the last name in it, any case or accents", () => {
    for (const password of ["awa-et-le-baobab", "le baobab de NDIAYE", "awandiaye-baobab", "baobab-Ndiayé-7"]) {
      expect([password, checkPasswordStrength(password, awa)]).toEqual([password, "password_contains_personal"]);
    }
    // Parts shorter than 3 letters are not looked for.
    expect(
      checkPasswordStrength("baobab-au-vent", { email: "ba@nest.sn", firstName: "Al", lastName: "Ba" }),
    ).toBeNull();
  });

  it("refuses the current password as the new one", () => {
    expect(checkPasswordStrength("trois-baobabs-au-vent", { ...awa, current: "trois-baobabs-au-vent" })).toBe(
      "password_unchanged",
    );
    expect(checkPasswordStrength("trois-baobabs-au-vent", { ...awa, current: "autre-chose-encore" })).toBeNull();
  });

  it("accepts a passphrase and the test suites' passwords", () => {
    for (const password of [
      "trois-baobabs-au-vent",
      "motdepasse-de-test",
      "accueil-nest-2026",
      "phare-mamelles-2026",
    ]) {
      expect([password, checkPasswordStrength(password, awa)]).toEqual([password, null]);
    }
  });

  it("generates passwords that pass, even for an owner whose name is short", () => {
    const owner = { email: "ab@nest.sn", firstName: "Abc", lastName: "Xyz" };
    for (let i = 0; i < 200; i++) expect(checkPasswordStrength(generatePassword(owner), owner)).toBeNull();
  });
});

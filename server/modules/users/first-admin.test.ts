import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/app.ts";
import { checkPasswordStrength } from "../auth/password-strength.ts";
import { ensureFirstAdmin } from "./ensure-first-admin.ts";

// An app of its own: the first admin is only created on a base without users.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("the first admin", () => {
  it("refuses a common RELAIS_ADMIN_PASSWORD at start, naming the variable, then generates one that passes", async () => {
    const { services } = app;
    const admin = { email: "direction@nest.sn", password: "Motdepasse2026!" };
    await expect(ensureFirstAdmin({ ...services, config: { ...services.config, admin } })).rejects.toThrow(
      "RELAIS_ADMIN_PASSWORD refusé : Ce mot de passe est trop courant",
    );
    const created = await ensureFirstAdmin({
      ...services,
      config: { ...services.config, admin: { email: "direction@nest.sn", password: undefined } },
    });
    expect(created?.user.email).toBe("direction@nest.sn");
    const password = created?.password ?? "";
    expect(
      checkPasswordStrength(password, { email: "direction@nest.sn", firstName: "Administrateur", lastName: "Relais" }),
    ).toBeNull();
  });
});

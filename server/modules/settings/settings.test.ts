import { describe, expect, it } from "vitest";
import { documents } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";

const t = setupTestApp();

describe("settings", () => {
  it("start with the clinic's defaults", async () => {
    const viewer = await t.current.signIn("viewer");
    const response = await viewer.request("GET", "/api/settings");
    expect(response.statusCode).toBe(200);
    const { settings, version } = response.json();
    expect(version).toBe(1);
    expect(settings).toMatchObject({
      clinicName: "NEST",
      clinicEmail: "info@nest.sn",
      timeZone: "Africa/Dakar",
      sites: [{ code: "CLINIQUE" }, { code: "PLATEAU" }],
      businessDays: { saturdayIsBusinessDay: false },
      statusThresholds: {
        hot: { dormantFromDays: 15, lostAfterDays: 30 },
        cold: { dormantFromDays: 60, lostAfterDays: 90 },
      },
      followUp: { firstResponseBusinessDays: 2, recallDays: 7, newPatientCallHours: 72 },
    });
    expect(settings.holidays).toContainEqual({ date: "2026-04-04", label: "Fête de l'Indépendance" });
  });

  it("are saved by an admin on the current version, holidays sorted, and audited", async () => {
    const admin = await t.current.signIn("admin");
    const { version, settings } = (await admin.request("GET", "/api/settings")).json();
    const next = {
      ...settings,
      clinicName: "NEST Dakar",
      businessDays: { ...settings.businessDays, saturdayIsBusinessDay: true },
      holidays: [{ date: "2026-05-27", label: "Tabaski" }, ...settings.holidays],
    };
    const saved = await admin.request("PUT", "/api/settings", { version, settings: next });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(version + 1);
    const dates = saved.json().settings.holidays.map((h: { date: string }) => h.date);
    expect(dates).toEqual([...dates].sort());
    const stale = await admin.request("PUT", "/api/settings", { version, settings: next });
    expect(stale.statusCode).toBe(409);
    const audit = (await admin.request("GET", "/api/audit?action=settings.update")).json();
    expect(audit.events[0].before.clinicName).toBe("NEST");
    expect(audit.events[0].after.clinicName).toBe("NEST Dakar");
  });

  it("are validated, each error naming its field", async () => {
    const admin = await t.current.signIn("admin");
    const { version, settings } = (await admin.request("GET", "/api/settings")).json();
    const cases: [object, string][] = [
      [{ timeZone: "Africa/Atlantis" }, "settings.timeZone"],
      [{ holidays: [{ date: "2026-02-31", label: "Jour inexistant" }] }, "settings.holidays.0.date"],
      [
        {
          sites: [
            { code: "PLATEAU", name: "A" },
            { code: "PLATEAU", name: "B" },
          ],
        },
        "settings.sites",
      ],
      [{ sites: [{ code: "plateau", name: "A" }] }, "settings.sites.0.code"],
      [
        { statusThresholds: { ...settings.statusThresholds, warm: { dormantFromDays: 60, lostAfterDays: 30 } } },
        "settings.statusThresholds.warm.lostAfterDays",
      ],
      [
        { businessDays: { saturdayIsBusinessDay: false, opensAt: "18:00", closesAt: "08:00" } },
        "settings.businessDays.closesAt",
      ],
      [{ clinicEmail: "pas-un-email" }, "settings.clinicEmail"],
    ];
    for (const [change, field] of cases) {
      const response = await admin.request("PUT", "/api/settings", { version, settings: { ...settings, ...change } });
      expect(response.statusCode, field).toBe(400);
      expect(
        response.json().error.details.issues.map((i: { field: string }) => i.field),
        field,
      ).toContain(field);
    }
    expect((await admin.request("GET", "/api/settings")).json().version).toBe(version);
  });

  it("hold the clinic's contact details and the links given to cold prospects (procedure 4)", async () => {
    const admin = await t.current.signIn("admin");
    const { version, settings } = (await admin.request("GET", "/api/settings")).json();
    expect(settings).toMatchObject({
      clinicAddress: "Dakar, Sénégal",
      clinicPhone: "",
      websiteUrl: "https://www.nest.sn",
      facebookUrl: "https://www.facebook.com/cliniquenest",
    });
    for (const [change, field] of [
      [{ websiteUrl: "www.nest.sn" }, "settings.websiteUrl"],
      [{ facebookUrl: "javascript:alert(1)" }, "settings.facebookUrl"],
      [{ clinicPhone: "3".repeat(41) }, "settings.clinicPhone"],
    ] as const) {
      const response = await admin.request("PUT", "/api/settings", { version, settings: { ...settings, ...change } });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.details.issues.map((i: { field: string }) => i.field)).toContain(field);
    }
    // Empty links are allowed (the clinic has no page): nothing is given then.
    const next = {
      ...settings,
      clinicAddress: "Route de Ngor, Dakar",
      clinicPhone: "+221 33 820 00 00",
      websiteUrl: "",
      facebookUrl: "https://facebook.com/nest.dakar",
    };
    const saved = await admin.request("PUT", "/api/settings", { version, settings: next });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().settings).toMatchObject({
      clinicAddress: "Route de Ngor, Dakar",
      clinicPhone: "+221 33 820 00 00",
      websiteUrl: "",
      facebookUrl: "https://facebook.com/nest.dakar",
    });
  });

  it("hold the greeting formulas of procedures 1 and 3, each with {prenom}, and the quality target share", async () => {
    const admin = await t.current.signIn("admin");
    const { version, settings } = (await admin.request("GET", "/api/settings")).json();
    expect(settings.greetings).toEqual({
      line: "NEST, {prenom}, BONJOUR !",
      reception: "Clinique Nest, {prenom}, Bonjour",
      transferred: "{service}, {prenom}, bonjour",
    });
    expect(settings.complianceTargetPercent).toBe(90);

    // A formula without the first name is refused, naming the formula; so are an empty one and a target off 1–100.
    for (const [change, field] of [
      [{ greetings: { ...settings.greetings, reception: "Clinique Nest, Bonjour" } }, "settings.greetings.reception"],
      [{ greetings: { ...settings.greetings, transferred: "{service}, bonjour" } }, "settings.greetings.transferred"],
      [{ greetings: { ...settings.greetings, line: "  " } }, "settings.greetings.line"],
      [{ complianceTargetPercent: 0 }, "settings.complianceTargetPercent"],
      [{ complianceTargetPercent: 101 }, "settings.complianceTargetPercent"],
      [{ complianceTargetPercent: 85.5 }, "settings.complianceTargetPercent"],
    ] as const) {
      const response = await admin.request("PUT", "/api/settings", { version, settings: { ...settings, ...change } });
      expect(response.statusCode, field).toBe(400);
      expect(
        response.json().error.details.issues.map((i: { field: string }) => i.field),
        field,
      ).toContain(field);
    }
    expect((await admin.request("GET", "/api/settings")).json().version).toBe(version);

    // Formulas with {prenom} are accepted and read back as written.
    const greetings = {
      line: "Clinique NEST, {prenom}, bonjour !",
      reception: "Clinique Nest, {prenom}, Bonjour",
      transferred: "{service}, {prenom}, Bonjour",
    };
    const saved = await admin.request("PUT", "/api/settings", {
      version,
      settings: { ...settings, greetings, complianceTargetPercent: 80 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().settings).toMatchObject({ greetings, complianceTargetPercent: 80 });
    const read = await (await t.current.signIn("reception")).request("GET", "/api/settings");
    expect(read.json().settings.greetings).toEqual(greetings);
  });

  it("name the library's documents sent in one click, a document the library lacks refused by its place", async () => {
    const admin = await t.current.signIn("admin");
    const [bag] = await t.current.services.database.db
      .insert(documents)
      .values({
        name: "Valise maternité",
        fileName: "valise.pdf",
        contentType: "application/pdf",
        sizeBytes: 4,
        sha256: "0".repeat(64),
        content: Buffer.from("%PDF"),
        uploadedAt: new Date(),
      })
      .returning();
    const { version, settings } = (await admin.request("GET", "/api/settings")).json();
    expect(settings.documentPacks).toEqual({ week36: [], postDelivery: [] });
    const unknown = await admin.request("PUT", "/api/settings", {
      version,
      settings: { ...settings, documentPacks: { week36: [bag?.id], postDelivery: [bag?.id, crypto.randomUUID()] } },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({
      code: "unknown_document",
      details: { issues: [{ field: "settings.documentPacks.postDelivery.1" }] },
    });
    const saved = await admin.request("PUT", "/api/settings", {
      version,
      settings: {
        ...settings,
        documentPacks: { week36: [bag?.id], postDelivery: [] },
        pregnancy: { dueDateConvention: "naegele" },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().settings).toMatchObject({
      documentPacks: { week36: [bag?.id] },
      pregnancy: { dueDateConvention: "naegele" },
    });
  });
});

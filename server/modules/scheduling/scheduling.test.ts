import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

describe("rooms", () => {
  it("are created on a settings site, listed by site and position, edited with their version, deactivated", async () => {
    const admin = await t.current.signIn("admin");
    const created = await admin.request("POST", "/api/rooms", { site: "CLINIQUE", name: "Salle 2", position: 2 });
    expect(created.statusCode).toBe(201);
    const room = created.json();
    expect(room).toMatchObject({ site: "CLINIQUE", name: "Salle 2", active: true, position: 2, version: 1 });
    await admin.request("POST", "/api/rooms", { site: "CLINIQUE", name: "Salle 1", position: 1 });
    await admin.request("POST", "/api/rooms", { site: "PLATEAU", name: "Box A" });

    const clinique = (await admin.request("GET", "/api/rooms?site=CLINIQUE")).json();
    expect(clinique.map((r: { name: string }) => r.name)).toEqual(["Salle 1", "Salle 2"]);

    const renamed = await admin.request("PATCH", `/api/rooms/${room.id}`, { version: 1, name: "Salle d'échographie" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Salle d'échographie", version: 2 });

    const stale = await admin.request("PATCH", `/api/rooms/${room.id}`, { version: 1, active: false });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe("version_conflict");

    const off = await admin.request("PATCH", `/api/rooms/${room.id}`, { version: 2, active: false });
    expect(off.json()).toMatchObject({ active: false, version: 3 });

    const audit = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, room.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["room.create", "room.update", "room.update"]);
  });

  it("refuse a site that is not in the settings (400 naming site)", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/rooms", { site: "DAKAR", name: "Salle X" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("unknown_site");
    expect(response.json().error.details.issues[0].field).toBe("site");
  });

  it("are read by everyone, kept by an admin only", async () => {
    const viewer = await t.current.signIn("viewer");
    const reception = await t.current.signIn("reception");
    expect((await viewer.request("GET", "/api/rooms")).statusCode).toBe(200);
    expect((await reception.request("POST", "/api/rooms", { site: "CLINIQUE", name: "Salle" })).statusCode).toBe(403);
  });

  it("answer 404 for an unknown room", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("PATCH", "/api/rooms/00000000-0000-4000-8000-000000000000", {
      version: 1,
      name: "x",
    });
    expect(response.statusCode).toBe(404);
  });
});

describe("practitioners", () => {
  it("are created, edited with their version and deactivated", async () => {
    const admin = await t.current.signIn("admin");
    const created = await admin.request("POST", "/api/practitioners", {
      name: "Dr Aminata Fall",
      speciality: "Gynécologie",
    });
    expect(created.statusCode).toBe(201);
    const doctor = created.json();
    expect(doctor).toMatchObject({ name: "Dr Aminata Fall", speciality: "Gynécologie", active: true, version: 1 });
    const off = await admin.request("PATCH", `/api/practitioners/${doctor.id}`, { version: 1, active: false });
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    expect(
      (await admin.request("PATCH", `/api/practitioners/${doctor.id}`, { version: 1, name: "x" })).statusCode,
    ).toBe(409);
    const list = (await admin.request("GET", "/api/practitioners")).json();
    expect(list.find((p: { id: string }) => p.id === doctor.id)).toMatchObject({ active: false });
  });
});

describe("the clinic's services", () => {
  it("are added, listed with the inactive ones and edited by an admin; a stale version is refused", async () => {
    const admin = await t.current.signIn("admin");
    const created = await admin.request("POST", "/api/services", { name: "Échographie", greetingName: "Service écho" });
    expect(created.statusCode).toBe(201);
    const service = created.json();
    expect(service).toMatchObject({ name: "Échographie", greetingName: "Service écho", active: true, version: 1 });
    const off = await admin.request("PATCH", `/api/services/${service.id}`, { version: 1, active: false });
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    expect((await admin.request("PATCH", `/api/services/${service.id}`, { version: 1, active: true })).statusCode).toBe(
      409,
    );
    const all = (await admin.request("GET", "/api/scheduling/services")).json();
    expect(all.find((s: { id: string }) => s.id === service.id)).toMatchObject({ active: false, version: 2 });
    const reception = await t.current.signIn("reception");
    expect((await reception.request("POST", "/api/services", { name: "x" })).statusCode).toBe(403);
    expect((await reception.request("GET", "/api/scheduling/services")).statusCode).toBe(403);
  });
});

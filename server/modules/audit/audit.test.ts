import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import { buildUser } from "../../test/factories.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

describe("audit log", () => {
  it("records who did what, when, and filters by author, action, entity and period, a page at a time", async () => {
    const { signIn, clock, system } = t.current;
    const admin = await signIn("admin");
    const target = await buildUser(system, { email: "cible.audit@nest.sn" });
    clock.set("2026-03-02T09:30:00Z");
    const patched = await admin.request("PATCH", `/api/users/${target.id}`, {
      version: target.version,
      lastName: "Sarr",
    });
    expect(patched.statusCode).toBe(200);
    clock.set("2026-03-02T10:15:00Z");
    await admin.request("PATCH", `/api/users/${target.id}`, { version: target.version + 1, firstName: "Ndeye" });

    const byEntity = (await admin.request("GET", `/api/audit?entityType=user&entityId=${target.id}`)).json();
    expect(byEntity.events.map((e: { action: string }) => e.action)).toEqual([
      "user.update",
      "user.update",
      "user.create",
    ]);
    const [, firstUpdate] = byEntity.events;
    expect(firstUpdate).toMatchObject({
      actorType: "user",
      actorId: admin.userId,
      actorLabel: admin.email,
      occurredAt: "2026-03-02T09:30:00.000Z",
      before: { lastName: target.lastName },
      after: { lastName: "Sarr" },
    });

    const byActor = (await admin.request("GET", `/api/audit?actorId=${admin.userId}&action=user.`)).json();
    expect(byActor.events).toHaveLength(2);

    const byPeriod = (
      await admin.request("GET", "/api/audit?from=2026-03-02T09:15:00Z&to=2026-03-02T10:00:00Z&action=user.update")
    ).json();
    expect(byPeriod.events).toHaveLength(1);
    expect(byPeriod.events[0].after.lastName).toBe("Sarr");

    const page1 = (await admin.request("GET", "/api/audit?limit=2")).json();
    expect(page1.events).toHaveLength(2);
    expect(page1.nextBefore).toBe(page1.events[1].id);
    const page2 = (await admin.request("GET", `/api/audit?limit=2&before=${page1.nextBefore}`)).json();
    expect(page2.events[0].id).toBeLessThan(page1.events[1].id);
  });

  it("refuses a malformed period naming the field", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("GET", "/api/audit?from=31/02/2026");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0]).toMatchObject({ field: "from", location: "querystring" });
  });
});

import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { SegmentFilter } from "../../../shared/segments.ts";
import { appointments, auditEvents, deliveries, pathways, people, personPhones } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { recordConsent } from "../consents/record-consent.ts";
import { isMobile, mobilePatterns } from "../sms/recipient.ts";
import { segmentCondition } from "./segment-sql.ts";

/**
 * Segments on the API, in Africa/Dakar (UTC+0: instants read as the clinic's times). Today is Monday
 * 2 March 2026. Each criterion is checked on people built for it: who is in, who is just out.
 */
const NOW = "2026-03-02T09:00:00Z";
const t = setupTestApp({ now: NOW });

const db = () => t.current.system.database.db;
const secretary = () => t.current.signIn("crm_secretary");

async function patient(overrides: Parameters<typeof buildPatient>[1] = {}) {
  return buildPatient(t.current.system, overrides);
}

/**
 * Who of `candidates` the filter selects (by id), on the condition itself; the count and the preview
 * routes agree on how many the filter selects in all.
 */
async function selected(filter: SegmentFilter, candidates: { id: string }[]): Promise<string[]> {
  const client = await secretary();
  const preview = await client.request("POST", "/api/segments/preview", { filter, limit: 50 });
  expect(preview.statusCode, preview.body).toBe(200);
  const count = await client.request("POST", "/api/segments/count", { filter });
  expect(count.statusCode, count.body).toBe(200);
  expect((count.json() as { count: number }).count).toBe((preview.json() as { count: number }).count);
  const ids = candidates.map((c) => c.id);
  const result = await db().execute(sql`select p.id from people p
    where p.id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) and ${segmentCondition(filter, { today: "2026-03-02", timeZone: "Africa/Dakar" })}`);
  const found = new Set((result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
  return ids.filter((id) => found.has(id));
}

async function openPathway(personId: string, type: string, startedOn = "2025-01-10", ddr?: string) {
  await db()
    .insert(pathways)
    .values({
      personId,
      type,
      startedOn,
      ddr: ddr ?? null,
      dpa: ddr ? "2099-01-01" : null,
      dueDateConvention: ddr ? "french" : null,
      createdAt: new Date(NOW),
      updatedAt: new Date(NOW),
    });
}

async function closedPathway(personId: string, type: string) {
  await db()
    .insert(pathways)
    .values({
      personId,
      type,
      startedOn: "2024-01-10",
      endedOn: "2024-06-10",
      exitReason: "completed",
      ddr: type === "pregnancy" ? "2023-12-01" : null,
      dpa: type === "pregnancy" ? "2024-09-01" : null,
      dueDateConvention: type === "pregnancy" ? "french" : null,
      createdAt: new Date(NOW),
      updatedAt: new Date(NOW),
    });
}

async function visit(personId: string, startsAt: string, status = "attended", site = "CLINIQUE") {
  const start = new Date(startsAt);
  await db()
    .insert(appointments)
    .values({
      personId,
      site,
      startsAt: start,
      endsAt: new Date(start.getTime() + 30 * 60_000),
      status,
      createdAt: new Date(NOW),
      updatedAt: new Date(NOW),
    });
}

async function child(motherId: string, birthDate: string) {
  const c = await patient({ birthDate, firstName: "Bébé" });
  await db().update(people).set({ motherId }).where(eq(people.id, c.id));
  return c;
}

describe("segment criteria", () => {
  it("takes patients by default, prospects or both on demand, never merged nor anonymised records", async () => {
    const p = await patient();
    const prospect = await buildProspect(t.current.system);
    const merged = await patient();
    const anonymised = await patient();
    await db().update(people).set({ mergedIntoId: p.id }).where(eq(people.id, merged.id));
    await db()
      .update(people)
      .set({ anonymizedAt: new Date(NOW) })
      .where(eq(people.id, anonymised.id));
    const all = [p, prospect, merged, anonymised];
    expect(await selected({}, all)).toEqual([p.id]);
    expect(await selected({ kinds: ["prospect"] }, all)).toEqual([prospect.id]);
    expect(await selected({ kinds: ["prospect", "patient"] }, all)).toEqual([p.id, prospect.id]);
  });

  it("selects pathways open now, or ever followed", async () => {
    const pregnant = await patient();
    await openPathway(pregnant.id, "pregnancy", "2025-10-01", "2025-09-01");
    const formerly = await patient();
    await closedPathway(formerly.id, "pregnancy");
    const gyn = await patient();
    await openPathway(gyn.id, "gynecology");
    const all = [pregnant, formerly, gyn];
    expect(await selected({ pathwaysOpen: ["pregnancy"] }, all)).toEqual([pregnant.id]);
    expect(await selected({ pathwaysOpen: ["pregnancy", "gynecology"] }, all)).toEqual([pregnant.id, gyn.id]);
    expect(await selected({ pathwaysEver: ["pregnancy"] }, all)).toEqual([pregnant.id, formerly.id]);
  });

  it("« sans parcours »: no pathway open now, and on demand the mothers of a child followed in paediatrics", async () => {
    const none = await patient();
    const formerly = await patient();
    await closedPathway(formerly.id, "gynecology");
    const followed = await patient();
    await openPathway(followed.id, "postpartum");
    const baby = await child(followed.id, "2026-01-05");
    await openPathway(baby.id, "pediatrics", "2026-01-05");
    const all = [none, formerly, followed, baby];
    expect(await selected({ withoutPathway: { includeParents: false } }, all)).toEqual([none.id, formerly.id]);
    expect(await selected({ withoutPathway: { includeParents: true } }, all)).toEqual([
      none.id,
      formerly.id,
      followed.id,
    ]);
  });

  it("counts attended visits only, 0 included when the range starts at 0", async () => {
    const three = await patient();
    for (const day of ["2025-01-10", "2025-06-10", "2026-02-10"]) await visit(three.id, `${day}T10:00:00Z`);
    const one = await patient();
    await visit(one.id, "2025-01-10T10:00:00Z");
    await visit(one.id, "2025-02-10T10:00:00Z", "no_show");
    await visit(one.id, "2025-03-10T10:00:00Z", "cancelled");
    const zero = await patient();
    await visit(zero.id, "2026-03-05T10:00:00Z", "scheduled");
    const all = [three, one, zero];
    expect(await selected({ visits: { min: 3 } }, all)).toEqual([three.id]);
    expect(await selected({ visits: { min: 1, max: 2 } }, all)).toEqual([one.id]);
    expect(await selected({ visits: { max: 1 } }, all)).toEqual([one.id, zero.id]);
    expect(await selected({ visits: { min: 0, max: 0 } }, all)).toEqual([zero.id]);
  });

  it("counts whole years since the first attended visit, an anniversary completing one", async () => {
    const twoYears = await patient();
    await visit(twoYears.id, "2024-03-02T08:00:00Z");
    const almostTwo = await patient();
    await visit(almostTwo.id, "2024-03-03T08:00:00Z");
    await visit(almostTwo.id, "2024-02-03T08:00:00Z", "no_show");
    const never = await patient();
    const all = [twoYears, almostTwo, never];
    expect(await selected({ yearsAtNest: { min: 2 } }, all)).toEqual([twoYears.id]);
    expect(await selected({ yearsAtNest: { min: 1, max: 1 } }, all)).toEqual([almostTwo.id]);
    expect(await selected({ yearsAtNest: { min: 0 } }, all)).toEqual([twoYears.id, almostTwo.id]);
  });

  it("selects the mothers who delivered at NEST, or not", async () => {
    const atNest = await patient();
    const elsewhere = await patient();
    for (const [mother, place] of [
      [atNest, "nest"],
      [elsewhere, "elsewhere"],
    ] as const) {
      await db()
        .insert(deliveries)
        .values({
          motherId: mother.id,
          deliveredOn: "2025-12-01",
          place,
          mode: "vaginal",
          createdAt: new Date(NOW),
          updatedAt: new Date(NOW),
        });
    }
    const all = [atNest, elsewhere];
    expect(await selected({ deliveredAtNest: true }, all)).toEqual([atNest.id]);
    expect(await selected({ deliveredAtNest: false }, all)).toEqual([elsewhere.id]);
  });

  it("selects the mothers of a child aged so many whole months", async () => {
    const ofNewborn = await patient();
    await child(ofNewborn.id, "2026-02-20");
    const ofTwoYearOld = await patient();
    await child(ofTwoYearOld.id, "2024-03-02");
    const ofAlmostTwo = await patient();
    await child(ofAlmostTwo.id, "2024-03-03");
    const childless = await patient();
    const all = [ofNewborn, ofTwoYearOld, ofAlmostTwo, childless];
    expect(await selected({ childAgeMonths: { min: 0, max: 1 } }, all)).toEqual([ofNewborn.id]);
    expect(await selected({ childAgeMonths: { min: 24 } }, all)).toEqual([ofTwoYearOld.id]);
    expect(await selected({ childAgeMonths: { min: 12, max: 23 } }, all)).toEqual([ofAlmostTwo.id]);
    expect(await selected({ childAgeMonths: { max: 24 } }, all)).toEqual([
      ofNewborn.id,
      ofTwoYearOld.id,
      ofAlmostTwo.id,
    ]);
  });

  it("selects an open pregnancy by completed weeks of amenorrhoea from its DDR", async () => {
    // Today 2026-03-02: DDR + 196 days is 28 SA + 0 j, + 258 days is 36 SA + 6 j, + 259 is 37 SA + 0 j.
    const at28 = await patient();
    await openPathway(at28.id, "pregnancy", "2025-09-01", "2025-08-18");
    const at36plus6 = await patient();
    await openPathway(at36plus6.id, "pregnancy", "2025-09-01", "2025-06-17");
    const at37 = await patient();
    await openPathway(at37.id, "pregnancy", "2025-09-01", "2025-06-16");
    const at27plus6 = await patient();
    await openPathway(at27plus6.id, "pregnancy", "2025-09-01", "2025-08-19");
    const over = await patient();
    await openPathway(over.id, "pregnancy", "2025-01-01", "2024-12-01");
    const ended = await patient();
    await closedPathway(ended.id, "pregnancy");
    const all = [at28, at36plus6, at37, at27plus6, over, ended];
    expect(await selected({ pregnancyWeeks: { min: 28, max: 36 } }, all)).toEqual([at28.id, at36plus6.id]);
    expect(await selected({ pregnancyWeeks: { min: 37 } }, all)).toEqual([at37.id]);
    expect(await selected({ pregnancyWeeks: { max: 27 } }, all)).toEqual([at27plus6.id]);
  });

  it("selects by site of an attended visit", async () => {
    const clinique = await patient();
    await visit(clinique.id, "2025-05-05T10:00:00Z", "attended", "CLINIQUE");
    const plateau = await patient();
    await visit(plateau.id, "2025-05-05T10:00:00Z", "attended", "PLATEAU");
    await visit(plateau.id, "2025-06-05T10:00:00Z", "no_show", "CLINIQUE");
    const all = [clinique, plateau];
    expect(await selected({ sites: ["CLINIQUE"] }, all)).toEqual([clinique.id]);
    expect(await selected({ sites: ["CLINIQUE", "PLATEAU"] }, all)).toEqual([clinique.id, plateau.id]);
  });

  it("selects a consent granted for a purpose on a channel, not one withdrawn", async () => {
    const granted = await patient();
    const withdrawn = await patient();
    const otherChannel = await patient();
    const record = (personId: string, channel: "email" | "sms", granted: boolean) =>
      db().transaction((tx) =>
        recordConsent(tx, t.current.clock, t.current.system.actor, {
          personId,
          purpose: "newsletter",
          channel,
          granted,
          source: "call",
        }),
      );
    await record(granted.id, "email", true);
    await record(withdrawn.id, "email", true);
    await record(withdrawn.id, "email", false);
    await record(otherChannel.id, "sms", true);
    const all = [granted, withdrawn, otherChannel];
    expect(await selected({ consent: { purpose: "newsletter", channel: "email" } }, all)).toEqual([granted.id]);
  });

  it("has an e-mail: an address not marked invalid (a new address after a bounce counts)", async () => {
    const valid = await patient({ email: "awa@example.sn" });
    const bounced = await patient({ email: "bounced@example.sn" });
    await db()
      .update(people)
      .set({ emailInvalidAt: new Date(NOW), emailInvalidAddress: "bounced@example.sn" })
      .where(eq(people.id, bounced.id));
    const changed = await patient({ email: "new@example.sn" });
    await db()
      .update(people)
      .set({ emailInvalidAt: new Date(NOW), emailInvalidAddress: "old@example.sn" })
      .where(eq(people.id, changed.id));
    const none = await patient({ email: null });
    const all = [valid, bounced, changed, none];
    expect(await selected({ hasEmail: true }, all)).toEqual([valid.id, changed.id]);
    expect(await selected({ hasEmail: false }, all)).toEqual([bounced.id, none.id]);
  });

  it("has a mobile: a number SMS would go to, not a fixed line", async () => {
    const mobile = await patient({ phones: ["33 820 00 00", "77 123 45 67"] });
    const fixed = await patient({ phones: ["33 821 00 00"] });
    const french = await patient({ phones: ["+33 6 12 34 56 78"] });
    const all = [mobile, fixed, french];
    expect(await selected({ hasMobile: true }, all)).toEqual([mobile.id, french.id]);
    expect(await selected({ hasMobile: false }, all)).toEqual([fixed.id]);
    await visit(mobile.id, "2025-05-05T10:00:00Z", "attended", "MOBILE");
    const client = await secretary();
    const preview = await client.request("POST", "/api/segments/preview", {
      filter: { hasMobile: true, sites: ["MOBILE"] },
    });
    const items = (preview.json() as { items: { id: string; mobile: string | null }[] }).items;
    expect(items.find((i) => i.id === mobile.id)?.mobile).toBe("+221771234567");
  });

  it("tells mobiles like the SMS sender does, for numbers of several countries", async () => {
    const numbers = [
      "+221771234567",
      "+221701234567",
      "+221338201234",
      "+221761234567",
      "+33612345678",
      "+33145678901",
      "+447700900123",
      "+442079460000",
      "+12015550123",
      "+2250701234567",
      "+22507123456",
    ];
    const someone = await patient({ phones: [] });
    await db()
      .insert(personPhones)
      .values(numbers.map((e164, position) => ({ personId: someone.id, e164, position })));
    // The stored flag, kept by PostgreSQL, says what the SMS sender says.
    const rows = await db()
      .select({ e164: personPhones.e164, mobile: personPhones.mobile })
      .from(personPhones)
      .where(eq(personPhones.personId, someone.id));
    expect(rows).toHaveLength(numbers.length);
    for (const row of rows) expect([row.e164, row.mobile]).toEqual([row.e164, isMobile(row.e164)]);
  });

  it("keeps in the database the mobile patterns of the libphonenumber-js installed (else: a migration from scripts/phone-mobile-sql.ts)", async () => {
    const [row] = await t.current.services.database.query<{ definition: string }>(
      "select pg_get_functiondef('phone_is_mobile(text)'::regprocedure) as definition",
    );
    const { senegal, others } = mobilePatterns();
    expect(row?.definition.includes(`'${senegal}'`)).toBe(true);
    expect(row?.definition.includes(`'${others}'`)).toBe(true);
  });

  it("counts the days since the last attended visit", async () => {
    const yearAgo = await patient();
    await visit(yearAgo.id, "2025-03-02T10:00:00Z");
    await visit(yearAgo.id, "2025-01-02T10:00:00Z");
    const recent = await patient();
    await visit(recent.id, "2025-03-01T10:00:00Z");
    await visit(recent.id, "2026-02-25T10:00:00Z");
    const missed = await patient();
    await visit(missed.id, "2024-01-02T10:00:00Z");
    await visit(missed.id, "2026-02-27T10:00:00Z", "no_show");
    const never = await patient();
    const all = [yearAgo, recent, missed, never];
    expect(await selected({ lastVisitDaysAgo: { min: 365 } }, all)).toEqual([yearAgo.id, missed.id]);
    expect(await selected({ lastVisitDaysAgo: { min: 366 } }, all)).toEqual([missed.id]);
    expect(await selected({ lastVisitDaysAgo: { max: 5 } }, all)).toEqual([recent.id]);
    expect(await selected({ lastVisitDaysAgo: { min: 5, max: 365 } }, all)).toEqual([yearAgo.id, recent.id]);
  });

  it("ands the criteria", async () => {
    const both = await patient({ email: "a@example.sn" });
    await visit(both.id, "2024-01-02T10:00:00Z");
    const onlyEmail = await patient({ email: "b@example.sn" });
    const all = [both, onlyEmail];
    expect(
      await selected({ hasEmail: true, withoutPathway: { includeParents: false }, visits: { min: 1 } }, all),
    ).toEqual([both.id]);
  });
});

describe("segments API", () => {
  it("creates, lists, reads, renames at the version read, deletes; audits each change", async () => {
    const client = await secretary();
    const created = await client.request("POST", "/api/segments", {
      name: "  Fidèles  ",
      filter: { visits: { min: 3 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const segment = created.json() as { id: string; name: string; version: number; filter: SegmentFilter };
    expect(segment).toMatchObject({ name: "Fidèles", version: 1, filter: { visits: { min: 3 } } });

    const list = await client.request("GET", "/api/segments");
    expect((list.json() as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([segment.id]);
    expect((await client.request("GET", `/api/segments/${segment.id}`)).json()).toMatchObject({ name: "Fidèles" });

    const renamed = await client.request("PATCH", `/api/segments/${segment.id}`, { version: 1, name: "Fidèles 3+" });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Fidèles 3+", version: 2, filter: { visits: { min: 3 } } });
    const stale = await client.request("PATCH", `/api/segments/${segment.id}`, { version: 1, filter: {} });
    expect(stale.statusCode).toBe(409);
    const refiltered = await client.request("PATCH", `/api/segments/${segment.id}`, {
      version: 2,
      filter: { hasEmail: true },
    });
    expect(refiltered.json()).toMatchObject({ name: "Fidèles 3+", version: 3, filter: { hasEmail: true } });

    expect((await client.request("DELETE", `/api/segments/${segment.id}?version=2`)).statusCode).toBe(409);
    expect((await client.request("DELETE", `/api/segments/${segment.id}?version=3`)).statusCode).toBe(204);
    expect((await client.request("GET", `/api/segments/${segment.id}`)).statusCode).toBe(404);

    const audit = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, segment.id))
      .orderBy(auditEvents.occurredAt, auditEvents.id);
    expect(audit.map((a) => a.action).sort()).toEqual(
      ["segment.create", "segment.delete", "segment.update", "segment.update"].sort(),
    );
  });

  it("refuses an inverted range with 422, a filter of the wrong shape with 400, both naming the field", async () => {
    const client = await secretary();
    const cases: [unknown, number, string][] = [
      [{ visits: { min: 5, max: 2 } }, 422, "filter.visits.max"],
      [{ lastVisitDaysAgo: { min: 30, max: 7 } }, 422, "filter.lastVisitDaysAgo.max"],
      [{ pathwaysOpen: ["dentistry"] }, 400, "filter.pathwaysOpen.0"],
      [{ consent: { purpose: "newsletter", channel: "fax" } }, 400, "filter.consent.channel"],
      [{ pregnancyWeeks: { min: -1 } }, 400, "filter.pregnancyWeeks.min"],
    ];
    const created = await client.request("POST", "/api/segments", { name: "Tous", filter: {} });
    const { id } = created.json() as { id: string };
    for (const [filter, status, field] of cases) {
      for (const [method, url, body] of [
        ["POST", "/api/segments/count", { filter }],
        ["POST", "/api/segments/preview", { filter }],
        ["POST", "/api/segments", { name: "X", filter }],
        ["PATCH", `/api/segments/${id}`, { version: 1, filter }],
      ] as const) {
        const response = await client.request(method, url, body);
        expect(response.statusCode, `${url} ${JSON.stringify(filter)}`).toBe(status);
        const issues = (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details
          .issues;
        expect(
          issues.map((i) => i.field),
          JSON.stringify(filter),
        ).toContain(field);
      }
    }
    expect((await client.request("POST", "/api/segments/count", { filter: { colour: "blue" } })).statusCode).toBe(400);
    expect((await client.request("POST", "/api/segments", { name: "  ", filter: {} })).statusCode).toBe(400);
    const tooMany = await client.request("POST", "/api/segments/preview", { filter: {}, limit: 51 });
    expect(tooMany.statusCode).toBe(400);
  });

  it("is for those who manage campaigns", async () => {
    const reception = await t.current.signIn("reception");
    expect((await reception.request("GET", "/api/segments")).statusCode).toBe(403);
    expect((await reception.request("POST", "/api/segments/count", { filter: {} })).statusCode).toBe(403);
    const manager = await t.current.signIn("prospects_manager");
    expect((await manager.request("POST", "/api/segments/count", { filter: {} })).statusCode).toBe(200);
  });

  it("previews the first people by name, with the count of all", async () => {
    for (const lastName of ["Sy", "Ba", "Ndiaye"]) {
      const p = await patient({ lastName, email: `${lastName}@example.sn` });
      await visit(p.id, "2025-05-05T10:00:00Z", "attended", "APERCU");
    }
    const client = await secretary();
    const filter = { sites: ["APERCU"] };
    const preview = await client.request("POST", "/api/segments/preview", { filter, limit: 2 });
    const body = preview.json() as { count: number; items: { lastName: string; email: string; kind: string }[] };
    expect(body.count).toBe(3);
    expect(body.items).toMatchObject([
      { lastName: "Ba", email: "Ba@example.sn", kind: "patient" },
      { lastName: "Ndiaye", kind: "patient" },
    ]);
  });
});

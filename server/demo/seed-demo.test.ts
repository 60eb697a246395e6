import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { type Ctx, systemActor } from "../context.ts";
import { createLogger } from "../logger.ts";
import { lookup } from "../modules/people/lookup.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { generateDemoData, nationalFormat } from "./generator.ts";
import { type SeedDemoResult, seedDemo } from "./seed-demo.ts";

const asOf = new Date("2026-03-02T09:00:00Z");
const counts = { prospects: 40, patients: 20 };

describe("seedDemo", () => {
  let testDb: TestDatabase;
  let ctx: Ctx;
  let result: SeedDemoResult;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    ctx = {
      database: testDb.database,
      clock: new ManualClock("2026-03-02T10:00:00Z"),
      config: loadConfig({}),
      logger: createLogger("silent"),
      actor: systemActor("démonstration"),
    };
    result = await seedDemo(ctx, { asOf, ...counts });
  });

  afterAll(async () => {
    await testDb.drop();
  });

  const rows = <T>(sql: string, params: unknown[] = []) => testDb.database.query<T>(sql, params);

  it("creates the people and their history, and says so in French", async () => {
    const expected = generateDemoData({ asOf, ...counts, windowDays: 365 });
    const interactions = expected.reduce((n, p) => n + p.interactions.length, 0);
    const changes = expected.reduce((n, p) => n + p.temperatureChanges.length, 0);
    expect(result).toMatchObject({ seeded: true, ...counts, interactions, temperatureChanges: changes });
    expect(result.message).toBe(`Données de démonstration : 40 prospects, 20 patients, ${interactions} interactions`);
    const [byKind] = await rows<{ prospects: number; patients: number }>(
      "select count(*) filter (where kind = 'prospect')::int as prospects, count(*) filter (where kind = 'patient')::int as patients from people",
    );
    expect(byKind).toEqual(counts);
  });

  it("writes through the use cases: audited, last contact kept, dated as generated", async () => {
    const [audit] = await rows<{ creates: number; interactions: number; changes: number }>(
      `select count(*) filter (where action in ('prospect.create', 'patient.create'))::int as creates,
              count(*) filter (where action = 'interaction.create')::int as interactions,
              count(*) filter (where action = 'prospect.temperature_change')::int as changes
         from audit_events`,
    );
    expect(audit).toEqual({
      creates: 60,
      interactions: result.interactions,
      changes: result.temperatureChanges - counts.prospects,
    });
    const [stale] = await rows<{ n: number }>(
      `select count(*)::int as n from people p
        where p.last_interaction_at is distinct from (select max(occurred_at) from interactions i where i.person_id = p.id)`,
    );
    expect(stale?.n).toBe(0);
    const [range] = await rows<{ first: Date; last: Date }>(
      "select min(created_at) as first, max(created_at) as last from people",
    );
    expect(range?.last.getTime()).toBeLessThanOrEqual(asOf.getTime());
    expect(range?.first.getTime()).toBeGreaterThan(asOf.getTime() - 366 * 24 * 3600 * 1000);
    const [temperatures] = await rows<{ n: number }>(
      `select count(*)::int as n from people p
        where p.kind = 'prospect' and p.temperature <> (
          select to_temperature from temperature_changes t where t.person_id = p.id order by changed_at desc, id desc limit 1)`,
    );
    expect(temperatures?.n).toBe(0);
  });

  it("includes a prospect who became a patient later, and a legacy duplicate prospect", async () => {
    const converted = await rows<{ patient: string }>(
      `select pa.id as patient from people pa
         join person_phones ph on ph.person_id = pa.id
         join person_phones pp on pp.e164 = ph.e164
         join people pr on pr.id = pp.person_id and pr.kind = 'prospect'
        where pa.kind = 'patient' and pa.created_at > pr.created_at and pa.possible_duplicate`,
    );
    expect(converted.length).toBeGreaterThan(0);
    const duplicates = await rows<{ later: string }>(
      `select b.id as later from people a
         join person_phones pa on pa.person_id = a.id
         join person_phones pb on pb.e164 = pa.e164 and pb.person_id <> a.id
         join people b on b.id = pb.person_id
        where a.kind = 'prospect' and b.kind = 'prospect' and b.created_at > a.created_at
          and b.possible_duplicate and not a.possible_duplicate
          and a.last_name_key = b.last_name_key and a.first_contact_date < b.first_contact_date`,
    );
    expect(duplicates.length).toBeGreaterThan(0);
  });

  it("is found by the lookup, by phone as staff type it", async () => {
    const [phone] = await rows<{ e164: string; person_id: string }>(
      "select e164, person_id from person_phones where e164 like '+2217%' order by e164 limit 1",
    );
    if (!phone) throw new Error("no phone generated");
    const found = await lookup(ctx, { q: nationalFormat(phone.e164), limit: 20 });
    expect(found.results.map((r) => r.id)).toContain(phone.person_id);
    expect(found.results[0]?.matchedOn).toBe("phone");
  });

  it("does nothing on a base that already has people", async () => {
    const again = await seedDemo(ctx, { asOf, ...counts });
    expect(again.seeded).toBe(false);
    expect(again.message).toMatch(/déjà 60 fiches/);
    const [n] = await rows<{ n: number }>("select count(*)::int as n from people");
    expect(n?.n).toBe(60);
  });
});

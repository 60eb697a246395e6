// The benchmarks' bulk loader (bench/load-people.ts) writes the generator's people straight
// to the tables: these tests check it writes what the use cases would, and leaves the schema whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPeople } from "../../bench/load-people.ts";
import { ManualClock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { type Ctx, systemActor } from "../context.ts";
import { createLogger } from "../logger.ts";
import { lookup } from "../modules/people/lookup.ts";
import { foldName } from "../modules/people/names.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { nationalFormat } from "./generator.ts";

const asOf = new Date("2026-03-02T09:00:00Z");

describe("bench bulk loader", () => {
  let testDb: TestDatabase;
  let ctx: Ctx;
  let schemaBefore: unknown[];
  let loaded: Awaited<ReturnType<typeof loadPeople>>;
  const rows = <T>(sql: string) => testDb.database.query<T>(sql);
  const schema = () =>
    rows(
      `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
       union all
       select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint
        where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f', 'c')
       order by 1, 2, 3`,
    );

  beforeAll(async () => {
    testDb = await createTestDatabase();
    ctx = {
      database: testDb.database,
      clock: new ManualClock(asOf),
      config: loadConfig({}),
      logger: createLogger("silent"),
      actor: systemActor("test"),
    };
    schemaBefore = await schema();
    loaded = await loadPeople(testDb.database, {
      people: 1_500,
      interactionsPerPerson: 5,
      asOf,
      peoplePerStatement: 400,
    });
  });

  afterAll(async () => {
    await testDb.drop();
  });

  it("loads the people asked, five interactions each, and rebuilds every key and index as it was", async () => {
    expect(loaded).toMatchObject({ people: 1_500, interactions: 7_500 });
    const [counts] = await rows<{ people: number; prospects: number; interactions: number; phones: number }>(
      `select (select count(*)::int from people) as people,
              (select count(*)::int from people where kind = 'prospect') as prospects,
              (select count(*)::int from interactions) as interactions,
              (select count(*)::int from person_phones) as phones`,
    );
    expect(counts).toEqual({ people: 1_500, prospects: 1_000, interactions: 7_500, phones: loaded.phones });
    expect(await schema()).toEqual(schemaBefore);
  });

  it("writes the rows the use cases would: folded keys, last contact, current temperature", async () => {
    const names = await rows<{ last_name: string; first_name: string; last_name_key: string; first_name_key: string }>(
      "select last_name, first_name, last_name_key, first_name_key from people",
    );
    for (const n of names) {
      expect([n.last_name_key, n.first_name_key]).toEqual([foldName(n.last_name), foldName(n.first_name)]);
    }
    const [inconsistent] = await rows<{ contact: number; temperature: number; version: number }>(
      `select count(*) filter (where p.last_interaction_at is distinct from
                (select max(occurred_at) from interactions i where i.person_id = p.id))::int as contact,
              count(*) filter (where p.kind = 'prospect' and p.temperature is distinct from
                (select to_temperature from temperature_changes t where t.person_id = p.id
                  order by changed_at desc, id desc limit 1))::int as temperature,
              count(*) filter (where p.kind = 'prospect' and p.version <>
                (select count(*) from temperature_changes t where t.person_id = p.id))::int as version
         from people p`,
    );
    expect(inconsistent).toEqual({ contact: 0, temperature: 0, version: 0 });
  });

  it("is found by the lookup use case, by phone and by name", async () => {
    const [person] = await rows<{ id: string; e164: string; last_name_key: string; first_name_key: string }>(
      `select p.id, ph.e164, p.last_name_key, p.first_name_key from people p
         join person_phones ph on ph.person_id = p.id and ph.position = 0
        where ph.e164 like '+2217%' order by p.id limit 1`,
    );
    if (!person) throw new Error("nothing loaded");
    const byPhone = await lookup(ctx, { q: nationalFormat(person.e164), limit: 20 });
    expect(byPhone.results.map((r) => r.id)).toContain(person.id);
    const byName = await lookup(ctx, { q: `${person.last_name_key} ${person.first_name_key}`, limit: 50 });
    expect(byName.results.map((r) => r.id)).toContain(person.id);
  });

  it("appends to a base that has people, keeping its indexes in place", async () => {
    const more = await loadPeople(testDb.database, { people: 300, interactionsPerPerson: 2, asOf });
    expect(more).toMatchObject({ people: 300, interactions: 600 });
    const [n] = await rows<{ n: number }>("select count(*)::int as n from people");
    expect(n?.n).toBe(1_800);
    expect(await schema()).toEqual(schemaBefore);
  });
});

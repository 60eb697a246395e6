import { beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/app.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildProspect } from "../../test/factories.ts";
import { createInteraction } from "../interactions/interactions.ts";
import { listQuery, SORTABLE } from "./list.schema.ts";
import { encodeCursor } from "./list-cursor.ts";
import { listPeople } from "./list-people.ts";

const NOW = "2026-03-31T10:00:00Z";
const t = setupTestApp({ now: NOW });
const DAY = 86_400_000;
let viewer: Client;
const PEOPLE = 13;

interface Page {
  items: { id: string }[];
  total: number;
  totalIsExact: boolean;
  page: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

beforeAll(async () => {
  const { system, clock } = t.current;
  viewer = await t.current.signIn("viewer");
  // Thirteen prospects created at the same instant (the clock stands still), on three temperatures,
  // two birth dates and two first-contact days, some without any (null sort keys), some called
  // on the same day: ties on every sort key, which only the id breaks.
  for (let i = 0; i < PEOPLE; i++) {
    const person = await buildProspect(system, {
      lastName: ["Ndiaye", "Diop", "Fall"][i % 3] as string,
      firstName: `Awa${i}`,
      temperature: (["hot", "warm", "cold"] as const)[i % 3],
      birthDate: i % 4 === 0 ? undefined : i % 2 ? "1990-05-12" : "1988-01-02",
      firstContactDate: i % 5 === 0 ? undefined : i % 2 ? "2026-01-10" : "2026-02-11",
    });
    if (i % 3 !== 0) {
      await createInteraction(system, "prospect", person.id, {
        channel: "phone_out",
        occurredAt: new Date(clock.now().getTime() - (i % 2 ? 2 : 5) * DAY).toISOString(),
        requestTypes: [],
        documentsSent: [],
      });
    }
  }
});

async function get(query: string): Promise<Page> {
  const response = await viewer.request("GET", `/api/prospects?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
}

describe("people lists paged by key", () => {
  for (const sort of SORTABLE) {
    for (const order of ["asc", "desc"] as const) {
      it(`return every record once, in the list's order, forwards and back (${sort} ${order})`, async () => {
        const view = `sort=${sort}&order=${order}&pageSize=4`;
        const whole = await get(`sort=${sort}&order=${order}&pageSize=200`);
        expect(whole.items).toHaveLength(PEOPLE);

        const pages: Page[] = [await get(view)];
        for (let next = pages[0]?.nextCursor; next; next = pages[pages.length - 1]?.nextCursor ?? null) {
          pages.push(await get(`${view}&cursor=${encodeURIComponent(next)}`));
          expect(pages.length).toBeLessThan(10);
        }
        expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
        expect(pages.map((p) => p.items.length)).toEqual([4, 4, 4, 1]);
        expect(pages.every((p) => p.total === PEOPLE && p.totalIsExact)).toBe(true);
        expect(pages.flatMap((p) => p.items.map((item) => item.id))).toEqual(whole.items.map((item) => item.id));
        expect(pages[0]?.prevCursor).toBeNull();

        // Back from the last page: the same pages, in reverse, down to the first (no previous).
        const back: Page[] = [pages[pages.length - 1] as Page];
        for (let prev = back[0]?.prevCursor; prev; prev = back[back.length - 1]?.prevCursor ?? null) {
          back.push(await get(`${view}&cursor=${encodeURIComponent(prev)}`));
          expect(back.length).toBeLessThan(10);
        }
        expect(back.map((p) => p.page)).toEqual([4, 3, 2, 1]);
        expect(back.map((p) => p.items.map((item) => item.id))).toEqual(
          [...pages].reverse().map((p) => p.items.map((item) => item.id)),
        );
      });
    }
  }

  it("keep `page` working, with the same first page as the cursors'", async () => {
    const second = await get("sort=temperature&order=asc&pageSize=4&page=2");
    const first = await get("sort=temperature&order=asc&pageSize=4");
    const byCursor = await get(`sort=temperature&order=asc&pageSize=4&cursor=${first.nextCursor}`);
    expect(second.page).toBe(2);
    expect(second.items).toEqual(byCursor.items);
    expect(second.nextCursor).toBe(byCursor.nextCursor);
  });

  it("count exactly up to the threshold, then say « more than » (and carry the count to the next pages)", async () => {
    const { system } = t.current;
    const query = (extra: Record<string, string> = {}) => listQuery.parse({ pageSize: "4", ...extra });
    const exact = await listPeople(system, "prospect", query(), { exactCountUpTo: PEOPLE });
    expect(exact).toMatchObject({ total: PEOPLE, totalIsExact: true });
    const over = await listPeople(system, "prospect", query(), { exactCountUpTo: PEOPLE - 1 });
    expect(over).toMatchObject({ total: PEOPLE - 1, totalIsExact: false });
    const next = await listPeople(system, "prospect", query({ cursor: over.nextCursor ?? "" }), { exactCountUpTo: 1 });
    expect(next).toMatchObject({ total: PEOPLE - 1, totalIsExact: false, page: 2 });
    // Filters are counted too: the hot ones are a third.
    const hot = await listPeople(system, "prospect", query({ temperature: "hot" }), { exactCountUpTo: 3 });
    expect(hot).toMatchObject({ total: 3, totalIsExact: false });
  });

  it("refuse a cursor they did not write, or one of another sort, as a 400 on `cursor`", async () => {
    const first = await get("sort=createdAt&order=desc&pageSize=4");
    const forged = (fields: Record<string, unknown>) =>
      Buffer.from(
        JSON.stringify({
          d: "after",
          s: "createdAt",
          o: "desc",
          v: "2026-03-31T10:00:00.000000Z",
          i: "4454052c-8b2c-42a5-9eba-1c4f2ac588c3",
          p: 2,
          t: 13,
          x: true,
          ...fields,
        }),
      ).toString("base64url");
    const cases: [string, RegExp, string?][] = [
      ["pas-un-curseur", /curseur de pagination invalide/],
      ["%%%", /curseur de pagination invalide/],
      [forged({ v: "hier" }), /curseur de pagination invalide/],
      [forged({ v: "2026-02-31T10:00:00.000000Z" }), /curseur de pagination invalide/],
      [forged({ i: "'; drop table people; --" }), /curseur de pagination invalide/],
      [forged({ p: 0 }), /curseur de pagination invalide/],
      [first.nextCursor?.slice(0, -3) ?? "", /curseur de pagination invalide/],
      [first.nextCursor ?? "", /curseur d'un autre tri/, "sort=lastName&order=desc"],
    ];
    for (const [cursor, message, view = "sort=createdAt&order=desc"] of cases) {
      const response = await viewer.request("GET", `/api/prospects?${view}&cursor=${encodeURIComponent(cursor)}`);
      expect(response.statusCode, cursor).toBe(400);
      const body = response.json() as { error: { code: string; message: string; details: { issues: unknown[] } } };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.message).toMatch(/cursor/);
      expect(body.error.message).toMatch(message);
      expect(body.error.details.issues).toEqual([expect.objectContaining({ field: "cursor" })]);
    }
    // A well-formed cursor of this server is accepted (and a position, not a record: an unknown id is fine).
    const own = encodeCursor({
      direction: "after",
      sort: "createdAt",
      order: "desc",
      value: "2026-03-31T10:00:00.000000Z",
      id: "4454052c-8b2c-42a5-9eba-1c4f2ac588c3",
      page: 2,
      total: 13,
      totalIsExact: true,
    });
    expect((await viewer.request("GET", `/api/prospects?cursor=${own}`)).statusCode).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { type Client, setupTestApp } from "../../test/app.ts";
import type { FinderResult } from "./offer.schema.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

type Price = {
  id?: string;
  insured?: boolean | null;
  member?: boolean | null;
  room?: "single" | "double" | null;
  amountXof: number;
  objective?: boolean;
  label?: string | null;
};

let codes = 0;
async function createOffer(admin: Client, fields: Record<string, unknown> & { prices?: Price[] } = {}) {
  codes += 1;
  const response = await admin.request("POST", "/api/offers", {
    code: `offer_${codes}`,
    name: `Offre ${codes}`,
    category: "consultation",
    ...fields,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe("the catalogue (LUTIN)", () => {
  it("holds the two objectives of procedure 1, seeded without prices", async () => {
    const viewer = await t.current.signIn("viewer");
    const offers = (await viewer.request("GET", "/api/offers")).json();
    expect(offers.map((o: { code: string; objective: boolean }) => [o.code, o.objective])).toEqual([
      ["programme_nest", true],
      ["delivery", false],
    ]);
    expect(offers[0].prices).toEqual([]);
  });

  it("lets an admin add an offer with prices by profile, edit it, replace its prices and deactivate it", async () => {
    const admin = await t.current.signIn("admin");
    const offer = await createOffer(admin, {
      code: "myomectomy",
      name: "Myomectomie",
      category: "surgery",
      description: "Chirurgie, hospitalisation comprise",
      prices: [
        { insured: false, room: "single", amountXof: 1_250_000 },
        { insured: false, room: "double", amountXof: 1_100_000 },
        { insured: true, amountXof: 900_000, label: "Part patiente" },
      ],
    });
    expect(offer).toMatchObject({
      code: "myomectomy",
      category: "surgery",
      objective: false,
      active: true,
      version: 1,
    });
    // Reading order: by profile, "any" first, then no, then yes.
    expect(offer.prices.map((p: Price) => [p.insured, p.member, p.room, p.amountXof])).toEqual([
      [false, null, "single", 1_250_000],
      [false, null, "double", 1_100_000],
      [true, null, null, 900_000],
    ]);

    // The admin changes one price (kept by its id), drops one and adds one.
    const [single, , insured] = offer.prices;
    const edited = await admin.request("PATCH", `/api/offers/${offer.id}`, {
      version: 1,
      name: "Myomectomie (coelioscopie)",
      prices: [
        { ...single, amountXof: 1_300_000 },
        { ...insured, member: true, objective: true },
        { insured: true, member: false, amountXof: 950_000, label: "Part patiente" },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = edited.json();
    expect(after).toMatchObject({ name: "Myomectomie (coelioscopie)", version: 2 });
    expect(after.prices).toHaveLength(3);
    expect(after.prices.find((p: Price) => p.id === single.id).amountXof).toBe(1_300_000);
    expect(after.prices.find((p: Price) => p.id === insured.id)).toMatchObject({ member: true, objective: true });

    // A stale version is refused.
    const stale = await admin.request("PATCH", `/api/offers/${offer.id}`, { version: 1, active: false });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, "version_conflict"]);

    const off = await admin.request("PATCH", `/api/offers/${offer.id}`, { version: 2, active: false });
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const active = (await admin.request("GET", "/api/offers?active=true")).json();
    expect(active.map((o: { code: string }) => o.code)).not.toContain("myomectomy");
    const inactive = (await admin.request("GET", "/api/offers?active=false")).json();
    expect(inactive.map((o: { code: string }) => o.code)).toEqual(["myomectomy"]);

    const audit = (await admin.request("GET", "/api/audit?limit=20")).json();
    const actions = audit.events.map((e: { action: string }) => e.action);
    expect(actions).toContain("offer.create");
    expect(actions).toContain("offer.update");
  });

  it("refuses a code taken, a bad code, a negative or decimal amount, naming the field", async () => {
    const admin = await t.current.signIn("admin");
    const taken = await admin.request("POST", "/api/offers", {
      code: "delivery",
      name: "Accouchement bis",
      category: "delivery",
    });
    expect([taken.statusCode, taken.json().error.code, taken.json().error.details.issues[0].field]).toEqual([
      409,
      "offer_code_taken",
      "code",
    ]);
    const other = await createOffer(admin);
    const renamed = await admin.request("PATCH", `/api/offers/${other.id}`, { version: 1, code: "programme_nest" });
    expect([renamed.statusCode, renamed.json().error.details.issues[0].field]).toEqual([409, "code"]);

    const cases: [Record<string, unknown>, string][] = [
      [{ code: "Avec Espaces", name: "x", category: "other" }, "code"],
      [{ code: "ok_code", name: "x", category: "astrology" }, "category"],
      [{ code: "ok_code", name: "x", category: "other", prices: [{ amountXof: -1 }] }, "prices.0.amountXof"],
      [{ code: "ok_code", name: "x", category: "other", prices: [{ amountXof: 10.5 }] }, "prices.0.amountXof"],
      [{ code: "ok_code", name: "x", category: "other", prices: [{ amountXof: 1, room: "suite" }] }, "prices.0.room"],
      [{ code: "ok_code", name: "x", category: "other", prices: [{ amountXof: 1 }, { amountXof: 2 }] }, "prices.1"],
    ];
    for (const [body, field] of cases) {
      const response = await admin.request("POST", "/api/offers", body);
      expect([response.statusCode, response.json().error.details.issues[0].field], JSON.stringify(body)).toEqual([
        400,
        field,
      ]);
    }
    // A price id of another offer cannot be smuggled in.
    const withPrice = await createOffer(admin, { prices: [{ amountXof: 10_000 }] });
    const foreign = await admin.request("PATCH", `/api/offers/${other.id}`, {
      version: 2 - 1,
      prices: [{ id: withPrice.prices[0].id, amountXof: 5 }],
    });
    expect([foreign.statusCode, foreign.json().error.details.issues[0].field]).toEqual([400, "prices.0.id"]);
  });

  it("is read by every role and written by the admin only", async () => {
    const reception = await t.current.signIn("reception");
    expect((await reception.request("GET", "/api/offers")).statusCode).toBe(200);
    const refused = await reception.request("POST", "/api/offers", { code: "x_x", name: "x", category: "other" });
    expect(refused.statusCode).toBe(403);
  });
});

describe("the offer finder", () => {
  it("gives the prices of the caller's profile, a null profile column matching anything, objectives first", async () => {
    const admin = await t.current.signIn("admin");
    // The admin prices the delivery and flags the member rate as an objective (procedure 1).
    const delivery = (await admin.request("GET", "/api/offers"))
      .json()
      .find((o: { code: string }) => o.code === "delivery");
    const priced = await admin.request("PATCH", `/api/offers/${delivery.id}`, {
      version: delivery.version,
      prices: [
        { member: false, room: "single", amountXof: 650_000 },
        { member: false, room: "double", amountXof: 550_000 },
        { member: true, room: "single", amountXof: 500_000, objective: true },
        { member: true, room: "double", amountXof: 420_000, objective: true },
      ],
    });
    expect(priced.statusCode, priced.body).toBe(200);
    const consultation = await createOffer(admin, {
      code: "gyneco_consult",
      name: "Consultation gynécologique",
      category: "consultation",
      position: 5,
      prices: [{ amountXof: 25_000 }, { insured: true, amountXof: 5_000, label: null }],
    });
    await createOffer(admin, {
      code: "insured_only",
      name: "Bilan prénatal assurée",
      category: "consultation",
      position: 6,
      prices: [{ insured: true, amountXof: 15_000 }],
    });
    await createOffer(admin, { code: "old_offer", name: "Ancienne offre", active: false, prices: [{ amountXof: 1 }] });

    const reception = await t.current.signIn("reception");
    const find = async (query: string): Promise<FinderResult> => {
      const response = await reception.request("GET", `/api/offers/finder?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    // A member, not insured, in a double room.
    const member = await find("insured=false&member=true&room=double&q=");
    expect(member.profile).toEqual({ insured: false, member: true, room: "double" });
    // Other tests of this file add offers too: look at the ones this test is about.
    const mine = ["programme_nest", "delivery", "gyneco_consult", "insured_only", "old_offer"];
    const codesOf = (r: FinderResult) => r.offers.map((o) => o.code).filter((c) => mine.includes(c));
    // Objectives first (Programme NEST, the delivery at member rate), then the catalogue's order;
    // the insured-only offer and the inactive one are not offered.
    expect(codesOf(member)).toEqual(["programme_nest", "delivery", "gyneco_consult"]);
    expect(member.offers[0]).toMatchObject({ isObjective: true, prices: [] });
    expect(member.offers[1]?.isObjective).toBe(true);
    expect(member.offers[1]?.prices.map((p) => [p.amountXof, p.objective])).toEqual([[420_000, true]]);
    const byCode = (r: FinderResult, code: string) => r.offers.find((o) => o.code === code);
    expect(byCode(member, "gyneco_consult")?.prices.map((p: Price) => p.amountXof)).toEqual([25_000]);

    // Not a member: the delivery at the standard rate is no objective.
    const standard = await find("member=false&room=single");
    const deliveryFound = byCode(standard, "delivery");
    expect(deliveryFound).toMatchObject({ isObjective: false });
    expect(deliveryFound?.prices.map((p: Price) => p.amountXof)).toEqual([650_000]);
    expect(codesOf(standard)[0]).toBe("programme_nest");

    // Insured: the insured price refines the "any" price of the consultation, which is not shown.
    const insured = await find("insured=true");
    const consult = byCode(insured, "gyneco_consult");
    expect(consult?.prices.map((p: Price) => p.amountXof)).toEqual([5_000]);
    expect(codesOf(insured)).toContain("insured_only");

    // Nothing asked: every price of every active offer, the member-rate objectives first.
    const all = await find("");
    const allDelivery = byCode(all, "delivery");
    expect(allDelivery?.prices.map((p: Price) => p.amountXof)).toEqual([420_000, 500_000, 550_000, 650_000]);
    expect(all.offers.find((o) => o.id === consultation.id)?.prices).toHaveLength(2);

    // By category and by words, accents and case ignored.
    expect(codesOf(await find("category=delivery"))).toEqual(["delivery"]);
    expect(codesOf(await find("q=GYNECOLOGIQUE"))).toEqual(["gyneco_consult"]);
    expect(codesOf(await find("q=prenatal bilan"))).toEqual(["insured_only"]);

    const bad = await reception.request("GET", "/api/offers/finder?room=suite");
    expect([bad.statusCode, bad.json().error.details.issues[0].field]).toEqual([400, "room"]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { Client } from "../../test/app.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { prefixEnd } from "./lookup.ts";

const t = setupTestApp();
let reception: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const { system } = t.current;
  reception = await t.current.signIn("reception");
  ids.ndiaye = (
    await buildProspect(system, {
      lastName: "NDIAYE",
      firstName: "Fatou",
      phones: ["77 123 45 67"],
      birthDate: "1990-03-12",
    })
  ).id;
  ids.nDiaye = (
    await buildPatient(system, {
      lastName: "N'Diaye",
      firstName: "Mariama",
      phones: ["+221 76 555 44 33"],
      birthDate: "1983-06-17",
    })
  ).id;
  ids.ndeye = (
    await buildProspect(system, {
      lastName: "Sène",
      firstName: "Ndèye Fatou",
      phones: ["70 999 88 77", "33 821 00 00"],
      birthDate: "2001-11-24",
    })
  ).id;
  ids.diop = (
    await buildProspect(system, {
      lastName: "Diop",
      firstName: "Awa",
      phones: ["78 765 43 21"],
      birthDate: "1990-03-12",
    })
  ).id;
});

const find = async (q: string) => {
  const response = await reception.request("GET", `/api/lookup?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().results as { id: string; kind: string; matchedOn: string }[];
};

describe("GET /api/lookup", () => {
  it.each(["77 123 45 67", "771234567", "+221771234567", "00221 77 123 45 67", "+221 77 123 45 67"])(
    "finds a phone typed as %s",
    async (q) => {
      const [first] = await find(q);
      expect(first).toMatchObject({ id: ids.ndiaye, matchedOn: "phone" });
    },
  );

  it("finds by the last 6 digits or more, or the start of the national number", async () => {
    expect((await find("45 67")).map((r) => r.id)).toEqual([]); // fewer than 6 digits: not a phone search
    expect((await find("234567")).map((r) => r.id)).toEqual([ids.ndiaye]);
    expect((await find("55 44 33")).map((r) => r.id)).toEqual([ids.nDiaye]);
    expect((await find("77 123 4")).map((r) => r.id)).toEqual([ids.ndiaye]);
    expect((await find("338210")).map((r) => r.id)).toEqual([ids.ndeye]);
    expect((await find("0000000")).map((r) => r.id)).toEqual([]);
  });

  it("finds names whatever the case, accents and apostrophes: ndiaye finds NDIAYE and N'Diaye", async () => {
    const results = await find("ndiaye");
    expect(results.map((r) => r.id).sort()).toEqual([ids.ndiaye, ids.nDiaye].sort());
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(["prospect", "patient"]));
    expect((await find("N'DIAYE Mari")).map((r) => r.id)).toEqual([ids.nDiaye]);
    expect((await find("fatou ndiaye")).map((r) => r.id)).toEqual([ids.ndiaye]);
    expect((await find("ndeye")).map((r) => r.id)).toEqual([ids.ndeye]);
    expect((await find("Sene")).map((r) => r.id)).toEqual([ids.ndeye]);
    expect(await find("Gueye")).toEqual([]);
  });

  it("ranks exact last names, then last-name prefixes, then exact and prefix first names", async () => {
    const { system } = t.current;
    const make = (lastName: string, firstName: string, phone: string) =>
      buildProspect(system, { lastName, firstName, phones: [phone], birthDate: "1995-01-01" });
    const fallou = await make("Diagne", "Fallou", "77 400 00 01");
    const thiam = await make("Thiam", "Fall", "77 400 00 02");
    const falla = await make("FALLA", "Coumba", "77 400 00 03");
    const fall = await make("Fall", "Aminata", "77 400 00 04");
    expect((await find("fall")).map((r) => r.id)).toEqual([fall.id, falla.id, thiam.id, fallou.id]);
    expect((await find("fall ami")).map((r) => r.id)).toEqual([fall.id]);
    expect((await find("fall diag")).map((r) => r.id)).toEqual([fallou.id]);
    const page = await reception.request("GET", "/api/lookup?q=fall&limit=2");
    expect(page.json().results.map((r: { id: string }) => r.id)).toEqual([fall.id, falla.id]);
  });

  it("reads « starts with » as a range that stops at the next prefix, for any letter", async () => {
    expect(prefixEnd("fall")).toBe("falm");
    expect(prefixEnd("+2217712")).toBe("+2217713");
    expect(prefixEnd("ndiaz")).toBe("ndia{");
    expect(prefixEnd("a\u{10ffff}")).toBe("b");
    expect(() => prefixEnd("\u{10ffff}")).toThrow();
    expect(prefixEnd("\ud7ff".normalize())).toBe("\ue000");
    const { system } = t.current;
    const make = (lastName: string, firstName: string, phone: string) =>
      buildProspect(system, { lastName, firstName, phones: [phone], birthDate: "1996-02-02" });
    // Just past the range of « fay »: « faz » itself (the range ends before it).
    const faye = await make("Faye", "Khady", "77 410 00 01");
    await make("Faz", "Omar", "77 410 00 02");
    const arabic = await make("حسن", "ليلى", "77 410 00 03");
    const zeta = await make("Ωmega", "Zoé", "77 410 00 04");
    expect((await find("fay")).map((r) => r.id)).toEqual([faye.id]);
    expect((await find("faye khad")).map((r) => r.id)).toEqual([faye.id]);
    expect((await find("حس")).map((r) => r.id)).toEqual([arabic.id]);
    expect((await find("ωme zo")).map((r) => r.id)).toEqual([zeta.id]);
    // The last digits and the start of the number stop at their range too.
    expect((await find("410 00 01")).map((r) => r.id)).toEqual([faye.id]);
    expect((await find("77 410 00 0")).map((r) => r.id).length).toBe(4);
  });

  it("finds by birth date, in French or ISO format", async () => {
    expect((await find("12/03/1990")).map((r) => r.id).sort()).toEqual([ids.ndiaye, ids.diop].sort());
    expect((await find("1983-06-17")).map((r) => r.id)).toEqual([ids.nDiaye]);
  });

  it("refuses an empty or overlong query naming q", async () => {
    const empty = await reception.request("GET", "/api/lookup?q=");
    expect([empty.statusCode, empty.json().error.details.issues[0].field]).toEqual([400, "q"]);
    const long = await reception.request("GET", `/api/lookup?q=${"a".repeat(101)}`);
    expect(long.statusCode).toBe(400);
  });
});

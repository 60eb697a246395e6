import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { followUpWorld } from "../followup/test-support.ts";
import type { ConversionRate, ConversionRates, ConversionTable } from "./conversion.schema.ts";

const t = setupTestApp({ now: "2026-11-30T10:00:00Z" });
const w = followUpWorld(t);

async function prospect(
  createdAt: string,
  values: {
    origin: string;
    temperature: "hot" | "warm" | "cold";
    phone: string;
    firstName: string;
    firstContactDate?: string;
  },
) {
  t.current.clock.set(createdAt);
  return buildProspect(t.current.system, {
    lastName: "Mbaye",
    firstName: values.firstName,
    birthDate: "1994-06-30",
    origin: values.origin,
    temperature: values.temperature,
    phones: [values.phone],
    firstContactDate: values.firstContactDate ?? createdAt.slice(0, 10),
  });
}

async function patient(ehrCreatedOn: string, values: { phone: string; firstName: string; birthDate?: string }) {
  t.current.clock.set(`${ehrCreatedOn}T12:00:00Z`);
  return buildPatient(t.current.system, {
    lastName: "Mbaye",
    firstName: values.firstName,
    birthDate: values.birthDate ?? "1970-01-01",
    phones: [values.phone],
    ehrCreatedOn,
  });
}

/** The figures of a group, without its label (French, from the settings). */
const figures = ({ label: _label, ...rest }: ConversionRate) => rest;

describe("conversion rates (DESIGN §4)", () => {
  it("gives the funnel prospect → appointment → patient by origin, month of first contact and temperature", async () => {
    // P1 website, hot: an attended appointment, then a patient file → converted, booked.
    const p1 = await prospect("2026-09-02T09:00:00Z", {
      origin: "website",
      temperature: "hot",
      phone: "77 400 00 01",
      firstName: "Aminata",
    });
    await w.appointment(p1.id, "2026-09-10T10:00:00Z", "attended", "2026-09-03T09:00:00Z");
    await patient("2026-09-20", { phone: "77 400 00 01", firstName: "Aminata" });
    // P2 website, warm: a missed appointment → no-show, booked.
    const p2 = await prospect("2026-09-03T09:00:00Z", {
      origin: "website",
      temperature: "warm",
      phone: "77 400 00 02",
      firstName: "Bineta",
    });
    await w.appointment(p2.id, "2026-09-15T10:00:00Z", "no_show", "2026-09-05T09:00:00Z");
    // P3 phone, hot: nothing → empty.
    await prospect("2026-09-10T09:00:00Z", {
      origin: "phone",
      temperature: "hot",
      phone: "77 400 00 03",
      firstName: "Coumba",
    });
    // P4 phone, cold, first contact in August: an old patient → already a patient (left out of the rates).
    await prospect("2026-09-11T09:00:00Z", {
      origin: "phone",
      temperature: "cold",
      phone: "77 400 00 04",
      firstName: "Dieynaba",
      firstContactDate: "2026-08-28",
    });
    await patient("2025-01-06", { phone: "77 400 00 04", firstName: "Dieynaba" });
    // P5 website, warm: P3 again → duplicate (left out, its appointment too).
    const p5 = await prospect("2026-09-20T09:00:00Z", {
      origin: "website",
      temperature: "warm",
      phone: "77 400 00 03",
      firstName: "Coumba",
    });
    await w.appointment(p5.id, "2026-12-04T10:00:00Z", "scheduled", "2026-09-21T09:00:00Z");
    // P6 phone, hot: a patient with the same names and birth date, no appointment → converted, not booked.
    await prospect("2026-09-21T09:00:00Z", {
      origin: "phone",
      temperature: "hot",
      phone: "77 400 00 06",
      firstName: "Fatou",
    });
    await patient("2026-10-02", { phone: "76 400 00 96", firstName: "Fatou", birthDate: "1994-06-30" });
    // Outside the period.
    await prospect("2026-10-05T09:00:00Z", {
      origin: "website",
      temperature: "hot",
      phone: "77 400 00 07",
      firstName: "Gnilane",
    });

    t.current.clock.set("2026-11-30T10:00:00Z");
    const viewer = await t.current.signIn("viewer");
    const response = await viewer.request("GET", "/api/reports/conversion/rates?from=2026-09-01&to=2026-09-30");
    expect(response.statusCode, response.body).toBe(200);
    const rates: ConversionRates = response.json();
    expect(rates).toMatchObject({ from: "2026-09-01", to: "2026-09-30" });
    const group = (
      key: string,
      prospects: number,
      already: number,
      duplicates: number,
      booked: number,
      converted: number,
    ) => {
      const counted = prospects - already - duplicates;
      return {
        key,
        prospects,
        alreadyPatients: already,
        duplicates,
        counted,
        withAppointment: booked,
        converted,
        rate: counted ? converted / counted : null,
        appointmentRate: counted ? booked / counted : null,
      };
    };
    expect(figures(rates.funnel)).toEqual(group("all", 6, 1, 1, 2, 2));
    expect(rates.byOrigin.map(figures).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      group("phone", 3, 1, 0, 0, 1),
      group("website", 3, 0, 1, 2, 1),
    ]);
    expect(rates.byMonth.map(figures)).toEqual([group("2026-08", 1, 1, 0, 0, 0), group("2026-09", 5, 0, 1, 2, 2)]);
    expect(rates.byMonth.map((m) => m.label)).toEqual(["août 2026", "septembre 2026"]);
    expect(rates.byTemperature.map(figures)).toEqual([
      group("hot", 3, 0, 0, 1, 2),
      group("warm", 2, 0, 1, 1, 0),
      group("cold", 1, 1, 0, 0, 0),
    ]);
    expect(rates.byTemperature.map((r) => r.label)).toEqual(["Chaud", "Tiède", "Froid"]);

    // Each figure opens the table's lines behind it: the group narrows the cohort, the comment the lines.
    const drill = async (group: string) => {
      const table = await viewer.request("GET", `/api/reports/conversion?from=2026-09-01&to=2026-09-30&${group}`);
      expect(table.statusCode, table.body).toBe(200);
      return table.json() as ConversionTable;
    };
    const phoneConverted = await drill("origin=phone&comment=converted");
    expect(phoneConverted.total).toBe(3);
    expect(phoneConverted.lines.map((l) => l.firstName)).toEqual(["Fatou"]);
    expect((await drill("firstContactMonth=2026-08")).lines.map((l) => [l.firstName, l.comment])).toEqual([
      ["Dieynaba", "already_patient"],
    ]);
    const warm = await drill("temperature=warm");
    expect(warm.lines.map((l) => [l.firstName, l.comment])).toEqual([
      ["Bineta", "no_show"],
      ["Coumba", "duplicate_prospect"],
    ]);
    expect((await viewer.request("GET", "/api/reports/conversion?firstContactMonth=2026-13")).statusCode).toBe(400);
  });

  it("groups the prospects without an origin apart, and opens their lines", async () => {
    const p = await prospect("2026-07-07T09:00:00Z", {
      origin: "website",
      temperature: "warm",
      phone: "77 400 00 08",
      firstName: "Khady",
    });
    // An imported legacy row may have no origin.
    await t.current.services.database.query("update people set origin = null where id = $1", [p.id]);
    t.current.clock.set("2026-11-30T10:00:00Z");
    const viewer = await t.current.signIn("viewer");
    const rates: ConversionRates = (
      await viewer.request("GET", "/api/reports/conversion/rates?from=2026-07-01&to=2026-07-31")
    ).json();
    expect(rates.byOrigin.map((r) => [r.key, r.label, r.prospects])).toEqual([["none", "Origine non renseignée", 1]]);
    const lines: ConversionTable = (
      await viewer.request("GET", "/api/reports/conversion?from=2026-07-01&to=2026-07-31&origin=none")
    ).json();
    expect(lines.lines.map((l) => [l.id, l.origin])).toEqual([[p.id, null]]);
  });

  it("covers the year up to today − 28 days by default", async () => {
    const viewer = await t.current.signIn("viewer");
    const rates: ConversionRates = (await viewer.request("GET", "/api/reports/conversion/rates")).json();
    expect(rates).toMatchObject({ from: "2025-11-03", to: "2026-11-02" });
    expect(rates.funnel.prospects).toBe(8);
  });
});

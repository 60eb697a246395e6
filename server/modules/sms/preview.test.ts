import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient } from "../../test/factories.ts";

// Monday 7 December 2026, 08:00 in Dakar (UTC+0 all year).
const t = setupTestApp({ now: "2026-12-07T08:00:00Z" });

async function book(startsAt: string, firstName = "Awa", lastName = "Diop") {
  const reception = await t.current.signIn("reception");
  const person = await buildPatient(t.current.system, { firstName, lastName });
  const response = await reception.request("POST", "/api/appointments", {
    site: "PLATEAU",
    personId: person.id,
    startsAt,
    durationMinutes: 30,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

describe("POST /api/sms/preview on a real appointment", () => {
  it("renders the template on the appointment and measures the rendered text", async () => {
    const appointment = await book("2026-12-08T09:30:00Z", "Awa", "Diop");
    const admin = await t.current.signIn("admin");
    const preview = (text: string, appointmentId?: string) =>
      admin.request("POST", "/api/sms/preview", { text, appointmentId });

    const plain = await preview("Bonjour {prenom} {nom}, RDV le {date} à {heure}, {site}.", appointment.id);
    expect(plain.statusCode, plain.body).toBe(200);
    const body = plain.json();
    expect(body.rendered).toMatch(/^Bonjour Awa Diop, RDV le mardi 8 décembre à 09h30, .+\.$/);
    // « à » and « é » are in GSM-7: one SMS, measured on the rendered text, not the template.
    expect(body).toMatchObject({ encoding: "GSM-7", segments: 1, cost: 25, length: body.rendered.length });
    expect(body.gsm7Text).toBe(body.rendered);

    // « ê » is not: the rendered text goes in UCS-2, its « sans accents » version in GSM-7.
    const accented = await preview(`Fête : {prenom} ${"a".repeat(60)}`, appointment.id);
    expect(accented.json()).toMatchObject({
      rendered: `Fête : Awa ${"a".repeat(60)}`,
      encoding: "UCS-2",
      segments: 2,
      perSegment: 67,
      cost: 50,
      gsm7Text: `Fete : Awa ${"a".repeat(60)}`,
      gsm7Segments: 1,
    });

    // Without an appointment: the raw text, nothing rendered (« { » and « } » count double in GSM-7).
    const raw = await preview("Bonjour {prenom}");
    expect(raw.json()).toMatchObject({ rendered: null, length: 18, encoding: "GSM-7" });
  });

  it("answers 404 for an unknown appointment", async () => {
    const admin = await t.current.signIn("admin");
    const response = await admin.request("POST", "/api/sms/preview", {
      text: "Bonjour {prenom}",
      appointmentId: "00000000-0000-4000-8000-000000000000",
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: "not_found", details: { entity: "appointment" } });
  });
});

describe("GET /api/sms/sample-appointments", () => {
  it("lists the next scheduled appointments from now, soonest first, for the admin only", async () => {
    const later = await book("2026-12-10T11:00:00Z", "Fatou", "Ndiaye");
    const sooner = await book("2026-12-09T10:00:00Z", "Mariama", "Ba");
    const admin = await t.current.signIn("admin");
    const response = await admin.request("GET", "/api/sms/sample-appointments");
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { id: string; startsAt: string }[];
    const ids = items.map((i) => i.id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    expect(items.find((i) => i.id === later.id)).toEqual({
      id: later.id,
      startsAt: "2026-12-10T11:00:00.000Z",
      firstName: "Fatou",
      lastName: "Ndiaye",
      site: "PLATEAU",
    });
    expect(items.map((i) => i.startsAt)).toEqual([...items.map((i) => i.startsAt)].sort());

    // Past appointments are not offered.
    t.current.clock.set("2026-12-09T12:00:00Z");
    const nextAdmin = await t.current.signIn("admin");
    const afterwards = (await nextAdmin.request("GET", "/api/sms/sample-appointments")).json().items as {
      id: string;
    }[];
    expect(afterwards.map((i) => i.id)).toContain(later.id);
    expect(afterwards.map((i) => i.id)).not.toContain(sooner.id);

    const reception = await t.current.signIn("reception");
    expect((await reception.request("GET", "/api/sms/sample-appointments")).statusCode).toBe(403);
  });
});

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { interactions, outboxEmails, people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { pdfText } from "../../test/pdf-text.ts";
import { formatDay, formatXof } from "./format.ts";
import { renderQuotePdf } from "./quote-pdf.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

async function pricedDelivery(admin: Client) {
  const offers = (await admin.request("GET", "/api/offers")).json();
  const delivery = offers.find((o: { code: string }) => o.code === "delivery");
  const response = await admin.request("PATCH", `/api/offers/${delivery.id}`, {
    version: delivery.version,
    prices: [
      { member: true, room: "single", amountXof: 500_000, objective: true },
      { member: false, room: "single", amountXof: 650_000, label: "Voie basse" },
    ],
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { id: string; prices: { id: string; member: boolean; amountXof: number }[] };
}

describe("pro forma quotes", () => {
  it("are numbered PF-<year>-<n>, priced from the catalogue or by hand, and recorded as an interaction", async () => {
    const admin = await t.current.signIn("admin");
    const delivery = await pricedDelivery(admin);
    const memberPrice = delivery.prices.find((p) => p.member);
    const reception = await t.current.signIn("reception");
    const prospect = await buildProspect(t.current.system, { lastName: "Ndiaye", firstName: "Fatou" });

    const response = await reception.request("POST", "/api/quotes", {
      personId: prospect.id,
      channel: "phone_in",
      notes: "Prise en charge du nouveau-né non comprise",
      lines: [
        { offerPriceId: memberPrice?.id, quantity: 1 },
        { label: "Nuit supplémentaire", unitPriceXof: 75_000, quantity: 2 },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const quote = response.json();
    expect(quote).toMatchObject({
      number: "PF-2026-00001",
      person: { id: prospect.id, kind: "prospect", lastName: "Ndiaye", firstName: "Fatou" },
      issuedOn: "2026-03-02",
      validUntil: "2026-04-01",
      totalXof: 650_000,
      notes: "Prise en charge du nouveau-né non comprise",
      createdAt: "2026-03-02T09:00:00.000Z",
      createdBy: reception.email,
    });
    expect(quote.lines).toEqual([
      {
        position: 1,
        offerId: delivery.id,
        offerPriceId: memberPrice?.id,
        label: "Accouchement (Tarif Adhérent, chambre simple)",
        quantity: 1,
        unitPriceXof: 500_000,
        amountXof: 500_000,
      },
      {
        position: 2,
        offerId: null,
        offerPriceId: null,
        label: "Nuit supplémentaire",
        quantity: 2,
        unitPriceXof: 75_000,
        amountXof: 150_000,
      },
    ]);

    // The interaction on the record: the first "quote" request type of the settings.
    const interactions = (await reception.request("GET", `/api/prospects/${prospect.id}/interactions`)).json();
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({
      id: quote.interactionId,
      channel: "phone_in",
      requestTypes: ["delivery_quote"],
      comment: `Facture pro forma PF-2026-00001 (total ${formatXof(650_000)})`,
      author: expect.stringMatching(/^Awa Diop\d+$/),
    });

    // The catalogue changes later: the quote keeps what was printed.
    const later = (await admin.request("GET", "/api/offers")).json().find((o: { id: string }) => o.id === delivery.id);
    await admin.request("PATCH", `/api/offers/${delivery.id}`, {
      version: later.version,
      prices: later.prices.map((p: { amountXof: number }) => ({ ...p, amountXof: p.amountXof + 100_000 })),
    });
    const reread = (await reception.request("GET", `/api/quotes/${quote.id}`)).json();
    expect(reread).toEqual(quote);

    // A second quote for a patient (procedure 2, NB: on the patient record) follows without a gap.
    const patient = await buildPatient(t.current.system);
    const second = await reception.request("POST", "/api/quotes", {
      personId: patient.id,
      lines: [{ label: "Myomectomie", unitPriceXof: 1_250_000, quantity: 1 }],
    });
    expect(second.json()).toMatchObject({ number: "PF-2026-00002", person: { kind: "patient" }, totalXof: 1_250_000 });
    const patientInteractions = (await reception.request("GET", `/api/patients/${patient.id}/interactions`)).json();
    expect(patientInteractions[0]).toMatchObject({ channel: "visit", requestTypes: ["delivery_quote"] });

    const list = (await reception.request("GET", `/api/quotes?personId=${prospect.id}`)).json();
    expect(list.map((q: { number: string }) => q.number)).toEqual(["PF-2026-00001"]);
  });

  it("leave no gap when one fails after taking its number, and concurrent ones get consecutive numbers", async () => {
    const reception = await t.current.signIn("reception");
    const person = await buildProspect(t.current.system);
    const line = { label: "Consultation", unitPriceXof: 25_000, quantity: 1 };
    const create = (lines: unknown[]) => reception.request("POST", "/api/quotes", { personId: person.id, lines });
    const before = (await create([line])).json().number as string;
    const sequence = Number(before.slice(-5));

    // The number is taken, then the line turns out unknown: everything is rolled back.
    const failed = await create([line, { offerPriceId: "00000000-0000-4000-8000-000000000000", quantity: 1 }]);
    expect([failed.statusCode, failed.json().error.details.issues[0].field]).toEqual([400, "lines.1.offerPriceId"]);
    const next = await create([line]);
    expect(next.json().number).toBe(`PF-2026-${String(sequence + 1).padStart(5, "0")}`);

    const concurrent = await Promise.all([create([line]), create([line]), create([line])]);
    expect(concurrent.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const numbers = concurrent.map((r) => r.json().number as string).sort();
    expect(numbers).toEqual([2, 3, 4].map((i) => `PF-2026-${String(sequence + i).padStart(5, "0")}`));
  });

  it("refuse bad lines, naming the field, and the viewer", async () => {
    const reception = await t.current.signIn("reception");
    const person = await buildProspect(t.current.system);
    // A record merged into another one takes no more quotes: they go on the kept record.
    const merged = await buildProspect(t.current.system, { phones: ["77 999 00 11"] });
    await t.current.services.database.query("update people set merged_into_id = $1 where id = $2", [
      person.id,
      merged.id,
    ]);
    const cases: [unknown, number, string][] = [
      [{ personId: person.id, lines: [] }, 400, "lines"],
      [{ personId: person.id, lines: [{ label: "x", unitPriceXof: -5, quantity: 1 }] }, 400, "lines.0"],
      [{ personId: person.id, lines: [{ label: "x", unitPriceXof: 5, quantity: 0 }] }, 400, "lines.0"],
      [{ personId: person.id, lines: [{ label: "x", unitPriceXof: 1.5, quantity: 1 }] }, 400, "lines.0"],
      [
        {
          personId: person.id,
          lines: [{ offerId: "00000000-0000-4000-8000-000000000000", label: "x", unitPriceXof: 5, quantity: 1 }],
        },
        400,
        "lines.0.offerId",
      ],
      [
        { personId: "00000000-0000-4000-8000-000000000000", lines: [{ label: "x", unitPriceXof: 5, quantity: 1 }] },
        404,
        "personId",
      ],
      [{ personId: merged.id, lines: [{ label: "x", unitPriceXof: 5, quantity: 1 }] }, 422, "personId"],
    ];
    for (const [body, status, field] of cases) {
      const response = await reception.request("POST", "/api/quotes", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().error.details.issues[0].field, JSON.stringify(body)).toMatch(new RegExp(`^${field}`));
    }
    const viewer = await t.current.signIn("viewer");
    const refused = await viewer.request("POST", "/api/quotes", {
      personId: person.id,
      lines: [{ label: "x", unitPriceXof: 5, quantity: 1 }],
    });
    expect(refused.statusCode).toBe(403);
    expect((await viewer.request("GET", `/api/quotes?personId=${person.id}`)).statusCode).toBe(200);
    const missing = await viewer.request("GET", "/api/quotes/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
  });

  it("print as a PDF with the clinic's header, the number, dates, lines and the total in FCFA", async () => {
    expect(formatXof(1_250_000)).toBe("1\u00a0250\u00a0000\u00a0FCFA");
    expect(formatXof(0)).toBe("0\u00a0FCFA");
    expect(formatDay("2026-04-01")).toBe("01/04/2026");

    const admin = await t.current.signIn("admin");
    const current = (await admin.request("GET", "/api/settings")).json();
    const saved = await admin.request("PUT", "/api/settings", {
      version: current.version,
      settings: { ...current.settings, clinicName: "Clinique NEST", clinicPhone: "+221 33 800 00 00" },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const reception = await t.current.signIn("reception");
    const person = await buildProspect(t.current.system, { lastName: "Faye", firstName: "Ndèye" });
    const quote = (
      await reception.request("POST", "/api/quotes", {
        personId: person.id,
        lines: [
          { label: "Myomectomie – hospitalisation 3 nuits", unitPriceXof: 1_100_000, quantity: 1 },
          { label: "Consultation pré-opératoire", unitPriceXof: 25_000, quantity: 2 },
        ],
      })
    ).json();

    const response = await reception.request("GET", `/api/quotes/${quote.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(response.headers["content-disposition"]).toContain(`${quote.number}.pdf`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(response.rawPayload.length).toBeGreaterThan(1000);

    const { fileName, content } = await renderQuotePdf(t.current.services.database.db, quote.id, { compress: false });
    expect(fileName).toBe(`${quote.number}.pdf`);
    const text = pdfText(content);
    for (const expected of [
      "Clinique NEST",
      "+221 33 800 00 00",
      "FACTURE PRO FORMA",
      quote.number,
      "Date : 02/03/2026",
      "Valable jusqu'au 01/04/2026",
      "FAYE Ndèye",
      "Myomectomie – hospitalisation 3 nuits",
      "1\u00a0150\u00a0000\u00a0FCFA",
      "25\u00a0000\u00a0FCFA",
    ]) {
      expect(text).toContain(expected);
    }
    // The same quote always gives the same bytes.
    const again = await renderQuotePdf(t.current.services.database.db, quote.id);
    expect(again.content.equals(response.rawPayload)).toBe(true);
  });

  it("are emailed through the outbox, the clinic in copy, the PDF attached, and recorded", async () => {
    const reception = await t.current.signIn("reception");
    const person = await buildProspect(t.current.system, { email: "fatou.ndiaye@example.sn" });
    const quote = (
      await reception.request("POST", "/api/quotes", {
        personId: person.id,
        lines: [{ label: "Programme NEST", unitPriceXof: 900_000, quantity: 1 }],
      })
    ).json();
    const response = await reception.request("POST", `/api/quotes/${quote.id}/send`, {
      from: "user",
      message: "Suite à votre appel de ce matin.",
    });
    expect(response.statusCode, response.body).toBe(200);
    const { emailId, status, interactionId } = response.json();
    expect(status).toBe("pending");
    const [row] = await t.current.services.database.db.select().from(outboxEmails).where(eq(outboxEmails.id, emailId));
    const { settings } = (await reception.request("GET", "/api/settings")).json();
    expect(row).toMatchObject({
      purpose: "quote",
      fromAddress: reception.email,
      toAddresses: ["fatou.ndiaye@example.sn"],
      ccAddresses: [settings.clinicEmail],
      attachments: [{ kind: "quote", id: quote.id }],
      personId: person.id,
      interactionId,
    });
    expect(row?.subject).toContain(quote.number);
    expect(row?.bodyText).toContain("Suite à votre appel de ce matin.");
    expect(row?.bodyText).toContain(formatXof(900_000));

    const interactions = (await reception.request("GET", `/api/prospects/${person.id}/interactions`)).json();
    expect(interactions.find((i: { id: string }) => i.id === interactionId)).toMatchObject({
      channel: "email",
      comment: `Facture pro forma ${quote.number} envoyée à fatou.ndiaye@example.sn`,
      documentsSent: [`Facture pro forma ${quote.number}`],
    });

    // From the clinic, to another address.
    const other = await reception.request("POST", `/api/quotes/${quote.id}/send`, {
      from: "clinic",
      to: "mari@example.sn",
    });
    const [otherRow] = await t.current.services.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.id, other.json().emailId));
    expect(otherRow).toMatchObject({ fromAddress: settings.clinicEmail, toAddresses: ["mari@example.sn"] });

    // No address on the record and none given: the "to" field is named.
    const noEmail = await buildProspect(t.current.system);
    const quote2 = (
      await reception.request("POST", "/api/quotes", {
        personId: noEmail.id,
        lines: [{ label: "Consultation", unitPriceXof: 25_000, quantity: 1 }],
      })
    ).json();
    const refused = await reception.request("POST", `/api/quotes/${quote2.id}/send`, { from: "user" });
    expect([refused.statusCode, refused.json().error.details.issues[0].field]).toEqual([400, "to"]);
    const viewer = await t.current.signIn("viewer");
    expect((await viewer.request("POST", `/api/quotes/${quote.id}/send`, { from: "user" })).statusCode).toBe(403);
  });

  it("are not sent for a record merged since (422 merged_record): nothing lands on the hidden record", async () => {
    const reception = await t.current.signIn("reception");
    const kept = await buildProspect(t.current.system);
    const person = await buildProspect(t.current.system, { email: "khady.sow@example.sn" });
    const quote = (
      await reception.request("POST", "/api/quotes", {
        personId: person.id,
        lines: [{ label: "Consultation", unitPriceXof: 25_000, quantity: 1 }],
      })
    ).json();
    // A merge that left the quote behind (merges made before they moved quotes too).
    const { db } = t.current.services.database;
    await db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, person.id));
    const before = await db.select().from(outboxEmails).where(eq(outboxEmails.personId, person.id));

    const refused = await reception.request("POST", `/api/quotes/${quote.id}/send`, { from: "clinic" });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: "merged_record",
      details: { issues: [{ field: "personId" }] },
    });
    expect(await db.select().from(outboxEmails).where(eq(outboxEmails.personId, person.id))).toEqual(before);
    const trace = await db.select().from(interactions).where(eq(interactions.personId, person.id));
    expect(trace.map((i) => i.channel)).not.toContain("email");
  });

  it("start again at 1 on the 1st of January, in the clinic's time zone", async () => {
    t.current.clock.set("2027-01-01T08:00:00Z");
    const reception = await t.current.signIn("reception");
    const person = await buildProspect(t.current.system);
    const line = { label: "Consultation", unitPriceXof: 25_000, quantity: 1 };
    const first = (await reception.request("POST", "/api/quotes", { personId: person.id, lines: [line] })).json();
    const second = (await reception.request("POST", "/api/quotes", { personId: person.id, lines: [line] })).json();
    expect([first.number, second.number]).toEqual(["PF-2027-00001", "PF-2027-00002"]);
    expect(first).toMatchObject({ issuedOn: "2027-01-01", validUntil: "2027-01-31" });

    // The year is the clinic's: at 16:00 UTC on 31 December it is already the new year in Tokyo.
    t.current.clock.set("2027-12-31T16:00:00Z");
    const admin = await t.current.signIn("admin");
    const current = (await admin.request("GET", "/api/settings")).json();
    const saved = await admin.request("PUT", "/api/settings", {
      version: current.version,
      settings: { ...current.settings, timeZone: "Asia/Tokyo" },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const tokyo = await t.current.signIn("reception");
    const third = (await tokyo.request("POST", "/api/quotes", { personId: person.id, lines: [line] })).json();
    expect(third).toMatchObject({ number: "PF-2028-00001", issuedOn: "2028-01-01" });
  });
});

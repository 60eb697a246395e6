import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { type Ctx, systemActor } from "../context.ts";
import { createLogger } from "../logger.ts";
import { type ListAppointmentsQuery, listAppointmentsQuery } from "../modules/appointments/appointment.schema.ts";
import { findClashes } from "../modules/appointments/clashes.ts";
import { listAppointments } from "../modules/appointments/list-appointments.ts";
import { login } from "../modules/auth/login.ts";
import { listCallsQuery as callsQuery, type ListCallsQuery } from "../modules/calls/call.schema.ts";
import { listCalls } from "../modules/calls/list-calls.ts";
import { listOffers } from "../modules/catalogue/list-offers.ts";
import { offerPriceInput } from "../modules/catalogue/offer.schema.ts";
import { updateOffer } from "../modules/catalogue/save-offer.ts";
import { getDocumentFile, listDocuments } from "../modules/documents/documents.ts";
import { countInbox } from "../modules/messages/list-messages.ts";
import { lookup } from "../modules/people/lookup.ts";
import { foldName } from "../modules/people/names.ts";
import { listPractitioners } from "../modules/scheduling/practitioners.ts";
import { createRoom, listRooms } from "../modules/scheduling/rooms.ts";
import { settingsSchema } from "../modules/settings/settings.schema.ts";
import { createTestDatabase, type TestDatabase } from "../test/database.ts";
import { pdfText } from "../test/pdf-text.ts";
import { demoAccountLines } from "./demo-accounts.ts";
import { DEMO_MENTION } from "./demo-documents.ts";
import { DEMO_SEED, generateDemoData, nationalFormat } from "./generator.ts";
import { WOMEN_FIRST_NAMES } from "./names.ts";
import { calendarOf, planReception } from "./reception-plan.ts";
import { type SeedDemoResult, seedDemo } from "./seed-demo.ts";

const asOf = new Date("2026-03-02T09:00:00Z");
const counts = { prospects: 40, patients: 20 };
const listQuery = (query: Partial<ListAppointmentsQuery>) => listAppointmentsQuery.parse(query);
const listCallsQuery = (query: Partial<ListCallsQuery>) => callsQuery.parse(query);

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
    const plan = planReception({
      people: expected,
      asOf,
      seed: DEMO_SEED,
      calendar: calendarOf(settingsSchema.parse({})),
    });
    // The generated history, plus what the calls of the register and the quotes recorded.
    const interactions =
      expected.reduce((n, p) => n + p.interactions.length, 0) +
      plan.calls.filter((c) => c.interaction && "extra" in c.interaction).length +
      plan.quotes.length;
    const changes = expected.reduce((n, p) => n + p.temperatureChanges.length, 0);
    expect(result).toMatchObject({
      seeded: true,
      prospects: counts.prospects,
      // The twins of the demo's delivery are patient records too.
      patients: counts.patients + 2,
      interactions,
      temperatureChanges: changes,
      rooms: 6,
      practitioners: 5,
      pricedOffers: 7,
      appointments: plan.appointments.length,
      calls: plan.calls.length,
      quotes: plan.quotes.length,
    });
    expect(result.message).toMatch(
      new RegExp(
        `^Données de démonstration : 40 prospects, 22 patients, ${interactions} interactions, 6 salles, 5 praticiens, ` +
          `7 offres tarifées, ${plan.appointments.length} rendez-vous \\(dont ${result.upcomingAppointments} à venir\\), ` +
          `${plan.calls.length} appels au registre, ${result.messages} messages \\(\\d+ en attente\\), ${plan.quotes.length} devis pro forma, 2 documents dans la bibliothèque, 7 grossesses suivies, 1 accouchement \\(2 bébés\\), ` +
          `${result.consents} consentements, 2 segments, 1 newsletter prête à envoyer, 3 mamans au groupe$`,
      ),
    );
    const [byKind] = await rows<{ prospects: number; patients: number }>(
      "select count(*) filter (where kind = 'prospect')::int as prospects, count(*) filter (where kind = 'patient')::int as patients from people",
    );
    expect(byKind).toEqual({ prospects: counts.prospects, patients: counts.patients + 2 });
  });

  it("follows procedure 5: pregnancies on women's records, one at 36 SA today, twins delivered at NEST with their birth doses", async () => {
    const pregnancies = await rows<{ first_name: string; ddr: string; ended_on: string | null }>(
      "select p.first_name, pw.ddr::text as ddr, pw.ended_on::text as ended_on from pathways pw join people p on p.id = pw.person_id where pw.type = 'pregnancy' order by pw.ddr desc",
    );
    expect(pregnancies).toHaveLength(7);
    const today = asOf.toISOString().slice(0, 10);
    const open = pregnancies.filter((p) => p.ended_on === null);
    expect(open).toHaveLength(6);
    // DDR + 252 days = 36 SA + 0 today.
    expect(open.some((p) => Date.parse(today) - Date.parse(p.ddr) === 252 * 86_400_000)).toBe(true);
    const women = new Set(
      WOMEN_FIRST_NAMES.flatMap(([name, , spellings]) => [name, ...(spellings ?? [])].map((n) => foldName(n))),
    );
    for (const p of pregnancies) expect(women.has(foldName(p.first_name)), p.first_name).toBe(true);
    const [delivery] = await rows<{ children: number; place: string; discharged: string }>(
      "select (select count(*)::int from delivery_children dc where dc.delivery_id = d.id) as children, d.place, d.discharged_on::text as discharged from deliveries d",
    );
    expect(delivery).toMatchObject({ children: 2, place: "nest" });
    const [doses] = await rows<{ n: number }>("select count(*)::int as n from vaccination_doses");
    expect(doses?.n).toBe(4);
  });

  it("shows issue 16: consents recorded by the forms (refusals too), two segments, a newsletter draft, the mothers' group", async () => {
    const [consents] = await rows<{ events: number; granted: number; refused: number; sources: string[] }>(
      `select count(*)::int as events, count(*) filter (where granted)::int as granted,
              count(*) filter (where not granted)::int as refused, array_agg(distinct source order by source) as sources
         from consent_events`,
    );
    expect(consents?.events).toBe(result.consents);
    expect(consents?.granted).toBeGreaterThan(0);
    expect(consents?.refused).toBeGreaterThan(0);
    expect(consents?.sources).toEqual(["entry_interview", "week36_call"]);
    const [campaign] = await rows<{ status: string; channels: string[] }>("select status, channels from campaigns");
    expect(campaign).toEqual({ status: "draft", channels: ["email", "sms"] });
    const memberships = await rows<{ status: string }>("select status from mothers_group_memberships order by status");
    expect(memberships.map((m) => m.status)).toEqual(["member", "wishes", "wishes"]);
  });

  it("writes through the use cases: audited, last contact kept, dated as generated", async () => {
    const [audit] = await rows<{ creates: number; interactions: number; changes: number }>(
      `select count(*) filter (where action in ('prospect.create', 'patient.create'))::int as creates,
              count(*) filter (where action = 'interaction.create')::int as interactions,
              count(*) filter (where action = 'prospect.temperature_change')::int as changes
         from audit_events`,
    );
    expect(audit).toEqual({
      // The 60 people generated, and the demo's twins.
      creates: 62,
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

  it("sets up rooms on both sites, practitioners and a priced catalogue, the member delivery rate an objective", async () => {
    const rooms = await listRooms(ctx, {});
    expect(rooms.filter((r) => r.site === "CLINIQUE").map((r) => r.name)).toEqual([
      "Salle de consultation 1",
      "Salle de consultation 2",
      "Salle d'échographie",
      "Salle d'accouchement",
    ]);
    expect(rooms.filter((r) => r.site === "PLATEAU")).toHaveLength(2);
    const specialities = new Set((await listPractitioners(ctx)).map((p) => p.speciality));
    expect([...specialities].sort()).toEqual(["Fertilité", "Gynécologie-obstétrique", "Pédiatrie", "Sage-femme"]);

    const offers = await listOffers(ctx, {});
    expect(offers.map((o) => o.code)).toEqual(
      expect.arrayContaining([
        "programme_nest",
        "delivery",
        "gynaecology_consultation",
        "ultrasound",
        "paediatric_consultation",
        "myomectomy",
        "fertility_assessment",
      ]),
    );
    for (const offer of offers) expect(offer.prices.length, offer.code).toBeGreaterThan(0);
    const delivery = offers.find((o) => o.code === "delivery");
    const memberRates = delivery?.prices.filter((p) => p.member === true) ?? [];
    expect(memberRates.length).toBeGreaterThan(0);
    expect(memberRates.every((p) => p.objective)).toBe(true);
    expect(delivery?.prices.filter((p) => p.member === false).every((p) => !p.objective)).toBe(true);
  });

  it("books appointments in free slots and opening hours: upcoming, attended, missed, cancelled with a reason", async () => {
    const upcoming = await listAppointments(ctx, listQuery({ status: "scheduled", from: asOf.toISOString() }));
    expect(upcoming.total).toBeGreaterThan(0);
    const before = { to: asOf.toISOString() };
    const cancelled = await listAppointments(ctx, listQuery({ status: "cancelled", ...before }));
    expect(cancelled.total).toBeGreaterThan(0);
    expect(cancelled.items.every((a) => a.cancelReason && a.cancelledAt && a.cancelledAt < a.startsAt)).toBe(true);
    expect((await listAppointments(ctx, listQuery({ status: "no_show", ...before }))).total).toBeGreaterThan(0);
    expect((await listAppointments(ctx, listQuery({ status: "attended", ...before }))).total).toBeGreaterThan(0);

    const all = await rows<{
      id: string;
      starts_at: Date;
      ends_at: Date;
      room_id: string;
      practitioner_id: string;
      status: string;
      clash_accepted: boolean;
      created_at: Date;
    }>("select * from appointments");
    expect(all.length).toBe(result.appointments);
    for (const a of all) {
      expect(a.clash_accepted).toBe(false);
      expect(a.created_at.getTime()).toBeLessThan(a.starts_at.getTime());
      // Dakar is UTC+0: opening hours 08:00–18:00, never on a Sunday.
      const opens = Date.UTC(a.starts_at.getUTCFullYear(), a.starts_at.getUTCMonth(), a.starts_at.getUTCDate(), 8);
      expect(a.starts_at.getTime()).toBeGreaterThanOrEqual(opens);
      expect(a.ends_at.getTime()).toBeLessThanOrEqual(opens + 10 * 3600 * 1000);
      expect(a.starts_at.getUTCDay()).not.toBe(0);
      if (a.status === "scheduled" || a.status === "attended") {
        const clashes = await findClashes(testDb.database.db, {
          startsAt: a.starts_at,
          endsAt: a.ends_at,
          roomId: a.room_id,
          practitionerId: a.practitioner_id,
          excludeId: a.id,
        });
        expect(clashes).toEqual([]);
      }
    }
    const [early] = await rows<{ n: number }>(
      `select count(*)::int as n from appointment_events e join appointments a on a.id = e.appointment_id
        where e.kind in ('attended', 'no_show') and e.at < a.starts_at`,
    );
    expect(early?.n).toBe(0);
  });

  it("fills the call register up to today, mostly linked, with open lines and a message waiting for a service", async () => {
    const today = await listCalls(ctx, listCallsQuery({ day: "2026-03-02" }));
    expect(today.total).toBeGreaterThanOrEqual(4);
    expect(today.items.every((c) => c.receivedAt <= asOf.toISOString())).toBe(true);
    const open = await listCalls(ctx, listCallsQuery({ day: "2026-03-02", open: "true" }));
    expect(open.items.filter((c) => c.outcome === "to_resume").length).toBeGreaterThanOrEqual(2);
    const [register] = await rows<{
      days: number;
      total: number;
      linked: number;
      transferred: number;
      resumed: number;
    }>(
      `select count(distinct date(received_at))::int as days, count(*)::int as total,
              count(*) filter (where person_id is not null and interaction_id is not null)::int as linked,
              count(*) filter (where outcome = 'transferred' or transfer_service_id is not null)::int as transferred,
              count(resumed_at)::int as resumed
         from calls`,
    );
    expect(register?.days).toBeGreaterThanOrEqual(3);
    expect(register?.linked).toBeGreaterThan((register?.total ?? 0) / 2);
    expect(register?.transferred).toBeGreaterThan(0);
    const [waiting] = await rows<{ n: number }>(
      "select count(*)::int as n from phone_messages where acknowledged_at is null and for_service_id is not null",
    );
    expect(waiting?.n).toBeGreaterThanOrEqual(1);
    expect((await countInbox(ctx)).unacknowledged).toBeGreaterThanOrEqual(1);
  });

  it("makes a pro forma quote or two for prospects who asked for one, without sending any email", async () => {
    const [quotes] = await rows<{ n: number; prospects: number }>(
      `select count(*)::int as n, count(*) filter (where p.kind = 'prospect')::int as prospects
         from quotes q join people p on p.id = q.person_id`,
    );
    expect(quotes?.n).toBeGreaterThanOrEqual(1);
    expect(quotes?.n).toBeLessThanOrEqual(2);
    expect(quotes?.prospects).toBe(quotes?.n);
    const [outbox] = await rows<{ n: number }>("select count(*)::int as n from outbox_emails");
    expect(outbox?.n).toBe(0);
  });

  it("puts two demonstration PDFs made by pdfkit in the library, so that « Envoyer la documentation » can be tried", async () => {
    expect(result.documents).toBe(2);
    const library = (await listDocuments(ctx, { active: "true" })).items;
    expect(library.map((d) => d.name).sort()).toEqual([
      "Programme de suivi de grossesse (démonstration)",
      "Tarifs des consultations (démonstration)",
    ]);
    for (const document of library) {
      expect(document.contentType).toBe("application/pdf");
      const { content } = await getDocumentFile(ctx, document.id);
      expect(content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(content.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
      // Made by pdfkit (its producer), and saying on the page that it is a demonstration.
      const source = content.toString("latin1");
      const producer = /\/Producer (\d+) 0 R/.exec(source)?.[1];
      expect(source).toMatch(new RegExp(`\\n${producer} 0 obj\\n\\(PDFKit\\)\\n`));
      expect(pdfText(content)).toContain(DEMO_MENTION);
    }
  });

  it("creates staff accounts with their roles, whose passwords are printed once and stored hashed only", async () => {
    expect(result.accounts.map((a) => [a.email, a.role])).toEqual([
      ["awa.diop@nest.sn", "reception"],
      ["mariama.sow@nest.sn", "crm_secretary"],
      ["khadija.fall@nest.sn", "prospects_manager"],
    ]);
    const stored = await rows<{ email: string; role: string; password_hash: string; must_change_password: boolean }>(
      "select email, role, password_hash, must_change_password from users order by email",
    );
    for (const account of result.accounts) {
      const user = stored.find((u) => u.email === account.email);
      expect(user?.role).toBe(account.role);
      expect(user?.must_change_password).toBe(true);
      expect(user?.password_hash).not.toContain(account.password);
      const session = await login(ctx, { email: account.email, password: account.password, ip: "127.0.0.1" });
      expect(session.user).toMatchObject({ email: account.email, role: account.role });
    }
    const lines = demoAccountLines(result.accounts).join("\n");
    expect(lines).toMatch(/Awa Diop +Chargée d'accueil +awa\.diop@nest\.sn +\S{16}/);
    for (const account of result.accounts) expect(lines).toContain(account.password);
  });

  it("plans the same reception for the same seed", () => {
    const people = generateDemoData({ asOf, ...counts, windowDays: 365 });
    const calendar = calendarOf(settingsSchema.parse({}));
    const once = planReception({ people, asOf, seed: DEMO_SEED, calendar });
    const again = planReception({ people, asOf, seed: DEMO_SEED, calendar });
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
    const other = planReception({ people, asOf, seed: DEMO_SEED + 1, calendar });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(once));
  });

  it("does nothing on a base that already has people", async () => {
    const again = await seedDemo(ctx, { asOf, ...counts });
    expect(again.seeded).toBe(false);
    expect(again.message).toMatch(/déjà 62 fiches/);
    expect(again.accounts).toEqual([]);
    const [n] = await rows<{ n: number }>("select count(*)::int as n from people");
    expect(n?.n).toBe(62);
  });
});

describe("seedDemo on a base an admin has set up", () => {
  it("keeps the rooms and prices already entered and prices only what has none", async () => {
    const testDb = await createTestDatabase();
    try {
      const ctx: Ctx = {
        database: testDb.database,
        clock: new ManualClock("2026-03-02T10:00:00Z"),
        config: loadConfig({}),
        logger: createLogger("silent"),
        actor: systemActor("admin"),
      };
      const room = await createRoom(ctx, { site: "CLINIQUE", name: "Salle de consultation 1", position: 1 });
      const delivery = (await listOffers(ctx, {})).find((o) => o.code === "delivery");
      if (!delivery) throw new Error("delivery offer not seeded");
      await updateOffer(ctx, delivery.id, {
        version: delivery.version,
        prices: [offerPriceInput.parse({ member: true, amountXof: 420_000, objective: true })],
      });

      const result = await seedDemo(ctx, { asOf, prospects: 6, patients: 3 });
      expect(result.seeded).toBe(true);
      const rooms = await listRooms(ctx, { site: "CLINIQUE" });
      expect(rooms.filter((r) => r.name === "Salle de consultation 1").map((r) => r.id)).toEqual([room.id]);
      const offers = await listOffers(ctx, {});
      expect(offers.find((o) => o.code === "delivery")?.prices.map((p) => p.amountXof)).toEqual([420_000]);
      expect(offers.find((o) => o.code === "programme_nest")?.prices.length).toBeGreaterThan(0);
    } finally {
      await testDb.drop();
    }
  });
});

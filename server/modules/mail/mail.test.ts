import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS } from "../../clock.ts";
import { ConfigError, loadConfig } from "../../config.ts";
import { auditEvents, calls, documents, outboxEmails, people, quoteLines, quotes } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { uploadDocument } from "../documents/documents.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";
import { NO_SMTP_STAFF_ERROR } from "./list-outbox.ts";
import { deliverSoon, enqueueEmail } from "./outbox.ts";
import {
  BACKOFF_MS,
  INTERRUPTED_ERROR,
  MAX_ATTEMPTS,
  NO_SMTP_ERROR,
  processOutbox,
  sendEmailNow,
  settleDeliveries,
} from "./sender.ts";
import { readMail, startTestSmtp, type TestSmtp } from "./test-smtp.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await settleDeliveries();
  await smtp.close();
});

const PDF = Buffer.from("%PDF-1.4\n% plaquette NEST\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "latin1");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("flyer")]);

function useSmtp(on: boolean) {
  t.current.services.config.smtpUrl = on ? smtp.url : undefined;
}

/** Messages the test server received for this address. */
const receivedBy = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));

async function library() {
  const { system } = t.current;
  const brochure = await uploadDocument(system, {
    name: "Plaquette NEST",
    file: { fileName: "plaquette-nest.pdf", content: PDF },
  });
  const flyer = await uploadDocument(system, {
    name: "Flyer Programme NEST",
    file: { fileName: "flyer-programme.png", content: PNG },
  });
  return { brochure, flyer };
}

const enqueueOther = (system: typeof t.current.system, to: string, personId?: string) =>
  t.current.services.database.db.transaction((tx) =>
    enqueueEmail(tx, system, {
      purpose: "other",
      from: "clinic",
      to: [to],
      subject: to,
      bodyText: "Bonjour",
      personId,
    }),
  );

/** Whether the promise settles within `ms` (real time). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return settled;
}

/** Polls until `check` holds (at most 5 s). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not met in time");
}

async function emailRow(id: string) {
  const [row] = await t.current.services.database.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
  if (!row) throw new Error("no such email");
  return row;
}

describe("sending documentation (procedure 1, case 3)", () => {
  it("emails the documents from the agent, the clinic in copy, and records the interaction", async () => {
    useSmtp(true);
    const { signIn, system } = t.current;
    const agent = await signIn("crm_secretary", { email: "fatou.ndiaye@nest.sn" });
    const prospect = await buildProspect(system, {
      firstName: "Mariama",
      lastName: "Ba",
      email: "mariama.ba@example.sn",
    });
    const { brochure, flyer } = await library();

    const response = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [brochure.id, flyer.id],
      from: "user",
      message: "Comme convenu, voici le détail du Programme NEST.",
    });
    expect(response.statusCode).toBe(201);
    const result = response.json();
    expect(result.email.status).toBe("sent");
    expect(result.interaction).toMatchObject({
      personId: prospect.id,
      channel: "email",
      motive: null,
      documentsSent: ["Plaquette NEST", "Flyer Programme NEST"],
    });
    expect(result.interaction.comment).toContain("Comme convenu");

    const [mail] = receivedBy("mariama.ba@example.sn");
    expect(receivedBy("mariama.ba@example.sn")).toHaveLength(1);
    if (!mail) throw new Error("not received");
    expect(mail.envelope.from).toBe("fatou.ndiaye@nest.sn");
    expect(mail.envelope.to.sort()).toEqual(["info@nest.sn", "mariama.ba@example.sn"]);
    const read = readMail(mail);
    expect(read.from).toBe("fatou.ndiaye@nest.sn");
    expect(read.to).toBe("mariama.ba@example.sn");
    expect(read.cc).toBe("info@nest.sn");
    expect(read.subject).toBe("NEST — Documentation");
    expect(read.text).toContain("Bonjour Mariama Ba,");
    expect(read.text).toContain("  - Plaquette NEST");
    expect(read.text).toContain("Comme convenu, voici le détail du Programme NEST.");
    // Ends with the invitation to call, visit or leave details, naming the contact (DESIGN §3), signed by the agent.
    expect(read.text).toMatch(/appelez-nous.*venez nous rencontrer/);
    expect(read.text).toContain("en nous laissant vos coordonnées");
    expect(read.text).toMatch(/Votre interlocuteur : Awa Diop\d+\./);
    expect(read.attachments.map((a) => [a.fileName, a.contentType])).toEqual([
      ["plaquette-nest.pdf", "application/pdf"],
      ["flyer-programme.png", "image/png"],
    ]);
    expect(read.attachments[0]?.content.equals(PDF)).toBe(true);
    expect(read.attachments[1]?.content.equals(PNG)).toBe(true);

    // The interaction is on the person's timeline, and the outbox shows the email sent.
    const timeline = (await agent.request("GET", `/api/prospects/${prospect.id}/interactions`)).json();
    expect(timeline[0]).toMatchObject({ channel: "email", documentsSent: ["Plaquette NEST", "Flyer Programme NEST"] });
    const outbox = (await agent.request("GET", `/api/outbox?personId=${prospect.id}`)).json();
    expect(outbox.items).toEqual([
      expect.objectContaining({
        id: result.email.id,
        status: "sent",
        attempts: 1,
        to: ["mariama.ba@example.sn"],
        cc: ["info@nest.sn"],
        sentAt: "2026-03-02T09:00:00.000Z",
        nextAttemptAt: null,
        attachmentCount: 2,
        person: { id: prospect.id, kind: "prospect", firstName: "Mariama", lastName: "Ba" },
      }),
    ]);
    // Sent once: later passes of the sender leave it alone.
    await processOutbox(t.current.services);
    expect(receivedBy("mariama.ba@example.sn")).toHaveLength(1);
  });

  it("from the clinic, to an address given, to a patient; the clinic is not copied twice", async () => {
    useSmtp(true);
    const { signIn, system } = t.current;
    const agent = await signIn("reception");
    const patient = await buildPatient(system, { email: null });
    const { brochure } = await library();
    const response = await agent.request("POST", "/api/documentation", {
      personId: patient.id,
      documentIds: [brochure.id],
      from: "clinic",
      to: "awa.sarr@example.sn",
    });
    expect(response.statusCode).toBe(201);
    const [mail] = receivedBy("awa.sarr@example.sn");
    if (!mail) throw new Error("not received");
    expect(readMail(mail).from).toBe("info@nest.sn");
    expect(mail.envelope.to).toEqual(["awa.sarr@example.sn", "info@nest.sn"]);
    const row = await emailRow(response.json().email.id);
    expect(row.ccAddresses).toEqual(["info@nest.sn"]);
  });

  it("refuses without an address (naming « to »), with an inactive document, an unknown person or call", async () => {
    useSmtp(true);
    const { signIn, system } = t.current;
    const agent = await signIn("reception");
    const prospect = await buildProspect(system, { email: null });
    const { brochure, flyer } = await library();
    const noAddress = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [brochure.id],
    });
    expect(noAddress.statusCode).toBe(400);
    expect(noAddress.json().error.message).toMatch(/adresse e-mail/);
    expect(noAddress.json().error.details.issues[0].field).toBe("to");

    const admin = await signIn("admin");
    const version = flyer.version;
    expect((await admin.request("PATCH", `/api/documents/${flyer.id}`, { version, active: false })).statusCode).toBe(
      200,
    );
    const inactive = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [brochure.id, flyer.id],
      to: "x@example.sn",
    });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().error.details.issues[0].field).toBe("documentIds");

    const none = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [],
      to: "x@example.sn",
    });
    expect(none.statusCode).toBe(400);
    const unknownPerson = await agent.request("POST", "/api/documentation", {
      personId: "00000000-0000-4000-8000-000000000000",
      documentIds: [brochure.id],
      to: "x@example.sn",
    });
    expect(unknownPerson.statusCode).toBe(404);
    const unknownCall = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [brochure.id],
      to: "x@example.sn",
      callId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknownCall.statusCode).toBe(422);
    // Nothing half-written: no interaction, no email.
    expect((await agent.request("GET", `/api/prospects/${prospect.id}/interactions`)).json()).toEqual([]);
    expect((await agent.request("GET", `/api/outbox?personId=${prospect.id}`)).json().total).toBe(0);
    // A viewer may not send.
    const viewer = await signIn("viewer");
    expect(
      (
        await viewer.request("POST", "/api/documentation", {
          personId: prospect.id,
          documentIds: [brochure.id],
          to: "x@example.sn",
        })
      ).statusCode,
    ).toBe(403);
  });

  it("links the call register's line to the interaction", async () => {
    useSmtp(true);
    const { signIn, system, services, clock } = t.current;
    const agent = await signIn("reception");
    const prospect = await buildProspect(system, { email: "khady.fall@example.sn" });
    const { brochure } = await library();
    const [call] = await services.database.db
      .insert(calls)
      .values({ channel: "phone", receivedAt: clock.now(), createdAt: clock.now(), updatedAt: clock.now() })
      .returning();
    if (!call) throw new Error("no call");
    const response = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [brochure.id],
      callId: call.id,
    });
    expect(response.statusCode).toBe(201);
    const [linked] = await services.database.db.select().from(calls).where(eq(calls.id, call.id));
    expect(linked).toMatchObject({ personId: prospect.id, interactionId: response.json().interaction.id, version: 2 });
    // The line's change is audited, by the agent, like any update of the register.
    const events = await services.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "call"), eq(auditEvents.entityId, call.id)));
    expect(events).toEqual([
      expect.objectContaining({
        action: "call.update",
        actorId: agent.userId,
        before: expect.objectContaining({ personId: null, interactionId: null, version: 1 }),
        after: expect.objectContaining({
          personId: prospect.id,
          interactionId: response.json().interaction.id,
          version: 2,
        }),
      }),
    ]);
  });

  it("refuses a merged record (naming « personId »): work on the record kept", async () => {
    useSmtp(true);
    const { signIn, system, services } = t.current;
    const agent = await signIn("reception");
    const kept = await buildProspect(system, { email: "kept@example.sn" });
    const merged = await buildProspect(system, { email: "merged@example.sn" });
    await services.database.db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, merged.id));
    const { brochure } = await library();
    const response = await agent.request("POST", "/api/documentation", {
      personId: merged.id,
      documentIds: [brochure.id],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe("merged_record");
    expect(response.json().error.details.issues[0].field).toBe("personId");
    // Nothing written, nothing sent.
    expect((await agent.request("GET", `/api/outbox?personId=${merged.id}`)).json().total).toBe(0);
    expect(receivedBy("merged@example.sn")).toHaveLength(0);
  });

  it("to a cold prospect: the website and Facebook links and the invitation to leave details (procedure 4)", async () => {
    useSmtp(true);
    const { signIn, system, services } = t.current;
    const agent = await signIn("reception", { email: "binta.sow@nest.sn" });
    const { brochure } = await library();
    const send = async (personId: string) => {
      const response = await agent.request("POST", "/api/documentation", { personId, documentIds: [brochure.id] });
      expect(response.statusCode, response.body).toBe(201);
      // Sent at once: nothing left to send for rule docs-pending.
      expect(response.json().interaction.documentsRequested).toBe(false);
    };
    const textTo = (address: string) => {
      const [mail] = receivedBy(address);
      if (!mail) throw new Error(`nothing received by ${address}`);
      // SMTP carries the text with CRLF line ends.
      return readMail(mail).text.replace(/\r\n/g, "\n");
    };

    const cold = await buildProspect(system, { temperature: "cold", email: "cold@example.sn" });
    await send(cold.id);
    const coldText = textTo("cold@example.sn");
    expect(coldText).toContain(
      [
        "Pour en savoir plus sur NEST :",
        "  - notre site web : https://www.nest.sn",
        "  - notre page Facebook : https://www.facebook.com/cliniquenest",
      ].join("\n"),
    );
    expect(coldText).toContain(
      "Laissez-nous votre numéro de téléphone et votre adresse e-mail en répondant à cet e-mail : " +
        "vous recevrez notre documentation commerciale.",
    );
    // Still an invitation to call or visit naming the contact (DESIGN §3), but no promise to call back.
    expect(coldText).toMatch(/appelez-nous.*venez nous rencontrer/);
    expect(coldText).toMatch(/Votre interlocuteur : Awa Diop\d+\./);
    expect(coldText).not.toContain("nous vous rappellerons");

    // Warm and hot prospects and patients: the invitation to call, visit or leave details; no links.
    const warm = await buildProspect(system, { temperature: "warm", email: "warm@example.sn" });
    const patient = await buildPatient(system, { email: "patient@example.sn" });
    await send(warm.id);
    await send(patient.id);
    for (const address of ["warm@example.sn", "patient@example.sn"]) {
      const text = textTo(address);
      expect(text).toMatch(/appelez-nous.*venez nous rencontrer/);
      expect(text).toContain("en nous laissant vos coordonnées : nous vous rappellerons.");
      expect(text).toMatch(/Votre interlocuteur : Awa Diop\d+\./);
      expect(text).not.toContain("facebook");
      expect(text).not.toContain("documentation commerciale");
    }

    // The links come from the settings; one left empty is not written.
    const current = await readSettings(services.database.db);
    await updateSettings(system, {
      version: current.version,
      settings: { ...current.settings, websiteUrl: "https://clinique-nest.sn/", facebookUrl: "" },
    });
    try {
      const other = await buildProspect(system, { temperature: "cold", email: "cold2@example.sn" });
      await send(other.id);
      const text = textTo("cold2@example.sn");
      expect(text).toContain("Pour en savoir plus sur NEST :\n  - notre site web : https://clinique-nest.sn/\n\n");
      expect(text).not.toContain("Facebook");
      expect(text).toContain("vous recevrez notre documentation commerciale.");
    } finally {
      const now = await readSettings(services.database.db);
      await updateSettings(system, { version: now.version, settings: current.settings });
    }
  });
});

describe("the outbox", () => {
  it("with no SMTP server, keeps the email waiting with the reason; a server configured later sends it", async () => {
    useSmtp(false);
    const { signIn, system, clock } = t.current;
    const agent = await signIn("crm_secretary");
    const prospect = await buildProspect(system, { email: "ndeye.sow@example.sn" });
    const { brochure } = await library();
    const response = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [brochure.id],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().email.status).toBe("pending");
    // The request is not lost: the interaction is recorded and the email waits, visible.
    expect((await agent.request("GET", `/api/prospects/${prospect.id}/interactions`)).json()).toHaveLength(1);
    const page = (await agent.request("GET", "/api/outbox?status=pending")).json();
    expect(page.smtpConfigured).toBe(false);
    expect(page.unsent).toBeGreaterThanOrEqual(1);
    expect(page.items.find((e: { id: string }) => e.id === response.json().email.id)).toMatchObject({
      status: "pending",
      attempts: 0,
      // Staff read that sending is not set up yet; SMTP_URL is for the admins who set it.
      lastError: NO_SMTP_STAFF_ERROR,
      nextAttemptAt: "2026-03-02T09:01:00.000Z",
    });
    // Still waiting after a pass: not counted as a failed attempt.
    clock.advance(MINUTE_MS);
    expect((await processOutbox(t.current.services)).waiting).toBeGreaterThanOrEqual(1);
    expect((await emailRow(response.json().email.id)).attempts).toBe(0);

    useSmtp(true);
    clock.advance(MINUTE_MS);
    await processOutbox(t.current.services);
    expect(receivedBy("ndeye.sow@example.sn")).toHaveLength(1);
    const row = await emailRow(response.json().email.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    clock.set("2026-03-02T09:00:00Z");
  });

  it("a server that refuses: waits with the error and back-off, then sent exactly once when it accepts", async () => {
    useSmtp(true);
    const { signIn, system, clock } = t.current;
    const agent = await signIn("reception");
    const prospect = await buildProspect(system, { email: "bineta.gueye@example.sn" });
    const { brochure } = await library();
    smtp.rejectingTemporarily = true;
    try {
      const response = await agent.request("POST", "/api/documentation", {
        personId: prospect.id,
        documentIds: [brochure.id],
      });
      expect(response.statusCode).toBe(201);
      expect(response.json().email.status).toBe("pending");
      const id = response.json().email.id;
      const row = await emailRow(id);
      expect(row).toMatchObject({ status: "pending", attempts: 1, claimedUntil: null });
      expect(row.lastError).toMatch(/^Échec de l'envoi : .*450/);
      expect(row.nextAttemptAt.toISOString()).toBe("2026-03-02T09:01:00.000Z");
      const shown = (await agent.request("GET", `/api/outbox/${id}`)).json();
      expect(shown).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: "2026-03-02T09:01:00.000Z" });

      // Not due yet: a pass does not try it.
      await processOutbox(t.current.services);
      expect((await emailRow(id)).attempts).toBe(1);
      // Second failure: 5 minutes.
      clock.advance(MINUTE_MS);
      await processOutbox(t.current.services);
      expect((await emailRow(id)).nextAttemptAt.toISOString()).toBe("2026-03-02T09:06:00.000Z");

      smtp.rejectingTemporarily = false;
      clock.set("2026-03-02T09:06:00Z");
      const run = await processOutbox(t.current.services);
      expect(run.sent).toBeGreaterThanOrEqual(1);
      await processOutbox(t.current.services);
      expect(receivedBy("bineta.gueye@example.sn")).toHaveLength(1);
      expect(await emailRow(id)).toMatchObject({ status: "sent", attempts: 3, lastError: null });
      expect((await emailRow(id)).sentAt?.toISOString()).toBe("2026-03-02T09:06:00.000Z");
    } finally {
      smtp.rejectingTemporarily = false;
      clock.set("2026-03-02T09:00:00Z");
    }
  });

  it("two senders at once never send the same email twice", async () => {
    useSmtp(true);
    const { system, services } = t.current;
    const prospect = await buildProspect(system);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = await services.database.db.transaction((tx) =>
        enqueueEmail(tx, system, {
          purpose: "other",
          from: "clinic",
          to: [`concurrent${i}@example.sn`],
          subject: `Test ${i}`,
          bodyText: "Bonjour",
          personId: prospect.id,
        }),
      );
      ids.push(email.id);
    }
    const runs = await Promise.all([
      processOutbox(services),
      processOutbox(services),
      processOutbox(services, { limit: 2 }),
    ]);
    await processOutbox(services);
    for (let i = 0; i < 5; i++) expect(receivedBy(`concurrent${i}@example.sn`)).toHaveLength(1);
    const sentByRuns = runs.reduce((n, r) => n + r.sent, 0);
    expect(sentByRuns).toBeLessThanOrEqual(5);
    for (const id of ids) expect((await emailRow(id)).status).toBe("sent");
  });

  it("a slow send does not hold back the next emails: each is claimed when its turn comes, sent once", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const enqueue = (to: string) =>
      services.database.db.transaction((tx) =>
        enqueueEmail(tx, system, { purpose: "other", from: "clinic", to: [to], subject: to, bodyText: "Bonjour" }),
      );
    await enqueue("slow-first@example.sn");
    clock.advance(1000);
    const second = await enqueue("slow-second@example.sn");
    const gate = smtp.hold();
    try {
      // The first pass is stuck on the first email (a slow server), the second not yet claimed.
      const slow = processOutbox(services);
      await gate.arrived(1);
      // Minutes later, another sender takes the second email (and is held by the server too).
      clock.advance(3 * MINUTE_MS);
      const other = sendEmailNow(services, second.id);
      await gate.arrived(2);
      gate.release();
      await Promise.all([slow, other]);
    } finally {
      gate.release();
    }
    await processOutbox(services);
    expect(receivedBy("slow-first@example.sn")).toHaveLength(1);
    expect(receivedBy("slow-second@example.sn")).toHaveLength(1);
    expect((await emailRow(second.id)).status).toBe("sent");
    clock.set("2026-03-02T09:00:00Z");
  });

  it("an email whose sender died mid-way (claim expired) is failed « à vérifier », never sent again by itself", async () => {
    useSmtp(true);
    const { signIn, system, services, clock } = t.current;
    const email = await services.database.db.transaction((tx) =>
      enqueueEmail(tx, system, {
        purpose: "other",
        from: "clinic",
        to: ["claimed@example.sn"],
        subject: "Réclamé",
        bodyText: "Bonjour",
      }),
    );
    await services.database.db
      .update(outboxEmails)
      .set({ status: "sending", claimedUntil: new Date(clock.now().getTime() + 2 * MINUTE_MS) })
      .where(eq(outboxEmails.id, email.id));
    // Still claimed: left alone.
    await processOutbox(services);
    expect(receivedBy("claimed@example.sn")).toHaveLength(0);
    expect((await emailRow(email.id)).status).toBe("sending");
    // Claim expired: the SMTP server may have accepted it before the sender died.
    clock.advance(2 * MINUTE_MS);
    await processOutbox(services);
    expect(receivedBy("claimed@example.sn")).toHaveLength(0);
    expect(await emailRow(email.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: INTERRUPTED_ERROR,
      claimedUntil: null,
    });
    clock.advance(24 * HOUR_MS);
    await processOutbox(services);
    expect(receivedBy("claimed@example.sn")).toHaveLength(0);
    // Visible in the outbox; « Réessayer » is the person's decision to send it again.
    const agent = await signIn("admin");
    const shown = (await agent.request("GET", `/api/outbox/${email.id}`)).json();
    expect(shown).toMatchObject({ status: "failed", lastError: INTERRUPTED_ERROR });
    expect((await agent.request("POST", `/api/outbox/${email.id}/retry`)).statusCode).toBe(200);
    await settleDeliveries();
    expect(receivedBy("claimed@example.sn")).toHaveLength(1);
    expect(await emailRow(email.id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    clock.set("2026-03-02T09:00:00Z");
  });

  it("a send that outlasts its time limit before the server has the message is retried, and sent once", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const email = await enqueueOther(system, "stalled@example.sn");
    const gate = smtp.hold("envelope");
    try {
      const pass = processOutbox(services, { sendTimeoutMs: 300 });
      await gate.arrived(1);
      expect(await settlesWithin(pass, 3000)).toBe(true);
    } finally {
      gate.release();
    }
    const row = await emailRow(email.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, claimedUntil: null });
    expect(row.lastError).toMatch(/^Échec de l'envoi : .*0 s/);
    clock.advance(MINUTE_MS);
    await processOutbox(services);
    await processOutbox(services);
    expect(receivedBy("stalled@example.sn")).toHaveLength(1);
    expect(await emailRow(email.id)).toMatchObject({ status: "sent", attempts: 2 });
    clock.set("2026-03-02T09:00:00Z");
  });

  it("a send cut off once the server has the whole message is failed « à vérifier », not sent again", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const email = await enqueueOther(system, "unanswered@example.sn");
    const gate = smtp.hold();
    try {
      // The server has the message but does not answer: the send ends at its time limit.
      const pass = processOutbox(services, { sendTimeoutMs: 300 });
      await gate.arrived(1);
      expect(await settlesWithin(pass, 3000)).toBe(true);
    } finally {
      gate.release();
    }
    expect(await emailRow(email.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: INTERRUPTED_ERROR,
      claimedUntil: null,
    });
    clock.advance(24 * HOUR_MS);
    await processOutbox(services);
    // The server did take it when it answered late: once, and only once.
    expect(receivedBy("unanswered@example.sn")).toHaveLength(1);
    expect((await emailRow(email.id)).status).toBe("failed");
    clock.set("2026-03-02T09:00:00Z");
  });

  it("a sender that lost its claim does not overwrite the state of the email's new owner", async () => {
    useSmtp(true);
    const { signIn, system, services, clock } = t.current;
    const email = await enqueueOther(system, "late@example.sn");
    const agent = await signIn("admin");
    // Sender A is stuck on the email; its claim runs out and the email is failed « à vérifier ».
    const gateA = smtp.hold();
    const slow = processOutbox(services);
    try {
      await gateA.arrived(1);
      clock.advance(3 * MINUTE_MS);
      await processOutbox(services);
      expect((await emailRow(email.id)).lastError).toBe(INTERRUPTED_ERROR);
      // An agent retries it; sender C sends it and records it sent.
      const gateC = smtp.hold();
      expect((await agent.request("POST", `/api/outbox/${email.id}/retry`)).statusCode).toBe(200);
      await gateC.arrived(1);
      gateC.release();
      await until(async () => (await emailRow(email.id)).status === "sent");
      // Then A's send fails late: it must leave C's record alone (no resend scheduled).
      smtp.rejectingData = true;
      gateA.release();
      await slow;
    } finally {
      smtp.rejectingData = false;
      gateA.release();
    }
    const row = await emailRow(email.id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    const [delivered] = receivedBy("late@example.sn");
    expect(row.messageId).toBe(delivered?.message.headers["message-id"]);
    clock.advance(HOUR_MS);
    await processOutbox(services);
    expect(receivedBy("late@example.sn")).toHaveLength(1);
    clock.set("2026-03-02T09:00:00Z");
  });

  it("an email the server accepted is never sent again, even if recording it fails", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const { db } = services.database;
    // Test only: the database refuses to record emails as sent, the first `n` times.
    const refuseSent = async (n: number) => {
      await db.execute(sql.raw("drop sequence if exists test_refuse_sent"));
      await db.execute(sql.raw("create sequence test_refuse_sent"));
      await db.execute(
        sql.raw(`create or replace function test_refuse_sent() returns trigger language plpgsql as $$
          begin
            if new.status = 'sent' and nextval('test_refuse_sent') <= ${n} then
              raise exception 'base indisponible';
            end if;
            return new;
          end $$`),
      );
      await db.execute(sql.raw("drop trigger if exists test_refuse_sent on outbox_emails"));
      await db.execute(
        sql.raw(
          "create trigger test_refuse_sent before update on outbox_emails for each row execute function test_refuse_sent()",
        ),
      );
    };
    try {
      // Refused once: the update is tried again, the email recorded sent.
      await refuseSent(1);
      const once = await enqueueOther(system, "record-once@example.sn");
      await processOutbox(services);
      expect(await emailRow(once.id)).toMatchObject({ status: "sent", attempts: 1 });
      expect(receivedBy("record-once@example.sn")).toHaveLength(1);

      // Refused every time: left « sending », no resend scheduled; its claim expired, failed « à vérifier ».
      await refuseSent(1000);
      const never = await enqueueOther(system, "record-never@example.sn");
      await processOutbox(services);
      expect(await emailRow(never.id)).toMatchObject({ status: "sending", attempts: 0 });
      clock.advance(3 * MINUTE_MS);
      await processOutbox(services);
      expect(await emailRow(never.id)).toMatchObject({ status: "failed", lastError: INTERRUPTED_ERROR });
      clock.advance(HOUR_MS);
      await processOutbox(services);
      expect(receivedBy("record-never@example.sn")).toHaveLength(1);
    } finally {
      await db.execute(sql.raw("drop trigger if exists test_refuse_sent on outbox_emails"));
      await db.execute(sql.raw("drop function if exists test_refuse_sent()"));
      await db.execute(sql.raw("drop sequence if exists test_refuse_sent"));
      clock.set("2026-03-02T09:00:00Z");
    }
  });

  it("fails for good after the last attempt; an agent's retry sends it", async () => {
    useSmtp(true);
    const { signIn, system, services, clock } = t.current;
    smtp.rejectingTemporarily = true;
    try {
      const email = await services.database.db.transaction((tx) =>
        enqueueEmail(tx, system, {
          purpose: "other",
          from: "clinic",
          to: ["never@example.sn"],
          subject: "Échec",
          bodyText: "Bonjour",
        }),
      );
      const delays: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await processOutbox(services);
        const row = await emailRow(email.id);
        expect(row.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          expect(row.status).toBe("pending");
          const delay = row.nextAttemptAt.getTime() - clock.now().getTime();
          delays.push(delay);
          clock.advance(delay);
        } else {
          expect(row.status).toBe("failed");
        }
      }
      expect(delays).toEqual(BACKOFF_MS.slice(0, MAX_ATTEMPTS - 1));
      expect(delays.slice(0, 4)).toEqual([MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS]);
      // Failed for good: the worker no longer tries it.
      clock.advance(24 * HOUR_MS);
      smtp.rejectingTemporarily = false;
      await processOutbox(services);
      expect(receivedBy("never@example.sn")).toHaveLength(0);

      const agent = await signIn("admin");
      const failed = (await agent.request("GET", "/api/outbox?status=failed")).json();
      expect(failed.items.map((e: { id: string }) => e.id)).toContain(email.id);
      const retried = await agent.request("POST", `/api/outbox/${email.id}/retry`);
      expect(retried.statusCode).toBe(200);
      await settleDeliveries();
      expect(receivedBy("never@example.sn")).toHaveLength(1);
      expect((await emailRow(email.id)).status).toBe("sent");
      // A sent email cannot be retried (it would go twice).
      expect((await agent.request("POST", `/api/outbox/${email.id}/retry`)).statusCode).toBe(409);
      expect((await agent.request("POST", "/api/outbox/00000000-0000-4000-8000-000000000000/retry")).statusCode).toBe(
        404,
      );
    } finally {
      smtp.rejectingTemporarily = false;
      clock.set("2026-03-02T09:00:00Z");
    }
  });

  it("a permanent refusal (5xx) fails at once, never retried, and marks the person's address invalid", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const prospect = await buildProspect(system, { email: "Gone.Away@example.sn" });
    smtp.rejecting = true;
    try {
      const email = await services.database.db.transaction((tx) =>
        enqueueEmail(tx, system, {
          purpose: "documentation",
          from: "clinic",
          to: ["gone.away@example.sn"],
          subject: "Documentation",
          bodyText: "Bonjour",
          personId: prospect.id,
        }),
      );
      await processOutbox(services);
      const row = await emailRow(email.id);
      expect(row).toMatchObject({ status: "failed", attempts: 1 });
      expect(row.lastError).toMatch(/^Refusé définitivement.*550/);
      const [person] = await services.database.db.select().from(people).where(eq(people.id, prospect.id));
      expect(person).toMatchObject({
        emailInvalidAddress: "gone.away@example.sn",
        emailInvalidReason: expect.stringContaining("550"),
      });
      smtp.rejecting = false;
      clock.advance(24 * HOUR_MS);
      await processOutbox(services);
      expect(receivedBy("gone.away@example.sn")).toHaveLength(0);
    } finally {
      smtp.rejecting = false;
      clock.set("2026-03-02T09:00:00Z");
    }
  });

  it("a 5xx to the message itself (taken for spam) is retried and marks no address invalid: only a refused recipient does", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const prospect = await buildProspect(system, { email: "still.fine@example.sn" });
    smtp.rejectingData = true;
    smtp.dataRefusalCode = 554;
    try {
      const email = await enqueueOther(system, "still.fine@example.sn", prospect.id);
      await processOutbox(services);
      const row = await emailRow(email.id);
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row.lastError).toMatch(/554/);
      const [person] = await services.database.db.select().from(people).where(eq(people.id, prospect.id));
      expect(person).toMatchObject({ emailInvalidAt: null, emailInvalidAddress: null });
    } finally {
      smtp.rejectingData = false;
      smtp.dataRefusalCode = 451;
      clock.set("2026-03-02T09:00:00Z");
    }
  });

  it("an agent without mail.manage sees and retries only the emails they sent; the admin sees all and runs the sender", async () => {
    useSmtp(false);
    const { signIn, system } = t.current;
    const { brochure } = await library();
    const first = await signIn("reception");
    const second = await signIn("reception");
    const sent = async (agent: typeof first) => {
      const prospect = await buildProspect(system, { email: `own-${agent.userId}@example.sn` });
      const response = await agent.request("POST", "/api/documentation", {
        personId: prospect.id,
        documentIds: [brochure.id],
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().email.id as string;
    };
    const mine = await sent(first);
    const theirs = await sent(second);
    const byRelais = (await enqueueOther(system, "relais-own@example.sn")).id;

    const page = (await first.request("GET", "/api/outbox?pageSize=200")).json();
    expect(page.items.map((e: { id: string }) => e.id)).toEqual([mine]);
    expect([page.total, page.unsent]).toEqual([1, 1]);
    expect((await first.request("GET", `/api/outbox/${mine}`)).statusCode).toBe(200);
    for (const other of [theirs, byRelais]) {
      expect((await first.request("GET", `/api/outbox/${other}`)).json().error.code).toBe("not_found");
      expect((await first.request("POST", `/api/outbox/${other}/retry`)).json().error.code).toBe("not_found");
    }
    expect((await first.request("POST", `/api/outbox/${mine}/retry`)).statusCode).toBe(200);
    const run = await first.request("POST", "/api/outbox/process");
    expect([run.statusCode, run.json().error.code]).toEqual([403, "forbidden"]);

    const admin = await signIn("admin");
    const all = (await admin.request("GET", "/api/outbox?pageSize=200")).json();
    expect(all.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([mine, theirs, byRelais]));
    expect((await admin.request("GET", `/api/outbox/${theirs}`)).statusCode).toBe(200);
    expect((await admin.request("POST", "/api/outbox/process")).statusCode).toBe(200);
    await settleDeliveries();
  });

  it("POST /api/outbox/process sends what is due", async () => {
    useSmtp(false);
    const { signIn, system, services } = t.current;
    const email = await services.database.db.transaction((tx) =>
      enqueueEmail(tx, system, {
        purpose: "other",
        from: "clinic",
        to: ["process@example.sn"],
        subject: "Maintenant",
        bodyText: "Bonjour",
      }),
    );
    deliverSoon(services, email.id);
    await settleDeliveries();
    expect((await emailRow(email.id)).lastError).toBe(NO_SMTP_ERROR);
    useSmtp(true);
    // Due again in a minute; the button sends what is due now.
    await services.database.db
      .update(outboxEmails)
      .set({ nextAttemptAt: services.clock.now() })
      .where(eq(outboxEmails.id, email.id));
    const agent = await signIn("admin");
    const run = await agent.request("POST", "/api/outbox/process");
    expect(run.statusCode).toBe(200);
    expect(run.json().sent).toBeGreaterThanOrEqual(1);
    expect(receivedBy("process@example.sn")).toHaveLength(1);
  });

  it("attaches a quote's PDF, rendered when the email is sent", async () => {
    useSmtp(true);
    const { system, services, clock } = t.current;
    const prospect = await buildProspect(system, { email: "quote@example.sn" });
    const [quote] = await services.database.db
      .insert(quotes)
      .values({
        year: 2026,
        sequence: 9001,
        number: "PF-2026-09001",
        personId: prospect.id,
        issuedOn: "2026-03-02",
        validUntil: "2026-04-01",
        totalXof: 850000,
        createdAt: clock.now(),
      })
      .returning();
    if (!quote) throw new Error("no quote");
    await services.database.db.insert(quoteLines).values({
      quoteId: quote.id,
      position: 0,
      label: "Accouchement voie basse — chambre simple",
      quantity: 1,
      unitPriceXof: 850000,
      amountXof: 850000,
    });
    const email = await services.database.db.transaction((tx) =>
      enqueueEmail(tx, system, {
        purpose: "quote",
        from: "clinic",
        to: ["quote@example.sn"],
        subject: "Facture pro forma",
        bodyText: "Ci-joint.",
        attachments: [{ kind: "quote", id: quote.id }],
        personId: prospect.id,
      }),
    );
    await processOutbox(services);
    const [mail] = receivedBy("quote@example.sn");
    if (!mail) throw new Error("not received");
    const [attachment] = readMail(mail).attachments;
    expect(attachment?.fileName).toMatch(/PF-2026-09001.*\.pdf$/);
    expect(attachment?.contentType).toBe("application/pdf");
    expect(attachment?.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await emailRow(email.id)).status).toBe("sent");
  });

  it("an attachment that no longer exists is an error on the email, not a crash", async () => {
    useSmtp(true);
    const { system, services } = t.current;
    const { brochure } = await library();
    const email = await services.database.db.transaction((tx) =>
      enqueueEmail(tx, system, {
        purpose: "documentation",
        from: "clinic",
        to: ["gone@example.sn"],
        subject: "Pièce disparue",
        bodyText: "Bonjour",
        attachments: [{ kind: "document", id: brochure.id }],
      }),
    );
    await services.database.db.delete(documents).where(eq(documents.id, brochure.id));
    await processOutbox(services);
    const row = await emailRow(email.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("Pièce jointe introuvable");
    expect(receivedBy("gone@example.sn")).toHaveLength(0);
  });

  it("uses the clinic's address from the settings, in copy and as sender", async () => {
    useSmtp(true);
    const { signIn, system, services } = t.current;
    const current = await readSettings(services.database.db);
    await updateSettings(system, {
      version: current.version,
      settings: { ...current.settings, clinicEmail: "contact@nest.sn", clinicPhone: "+221 33 000 00 00" },
    });
    try {
      const agent = await signIn("reception");
      const prospect = await buildProspect(system, { email: "settings@example.sn" });
      const { brochure } = await library();
      const response = await agent.request("POST", "/api/documentation", {
        personId: prospect.id,
        documentIds: [brochure.id],
        from: "clinic",
      });
      expect(response.statusCode).toBe(201);
      const [mail] = receivedBy("settings@example.sn");
      if (!mail) throw new Error("not received");
      const read = readMail(mail);
      expect(read.from).toBe("contact@nest.sn");
      expect(read.cc).toBe("contact@nest.sn");
      expect(read.text).toContain("appelez-nous au +221 33 000 00 00");
    } finally {
      const now = await readSettings(services.database.db);
      await updateSettings(system, { version: now.version, settings: current.settings });
    }
  });
});

describe("SMTP_URL", () => {
  it("accepts smtp:// and smtps:// URLs, treats an empty value as unset, refuses anything else", () => {
    expect(loadConfig({ SMTP_URL: "smtp://relais:secret@mail.nest.sn:587" }).smtpUrl).toBe(
      "smtp://relais:secret@mail.nest.sn:587",
    );
    expect(loadConfig({ SMTP_URL: "smtps://mail.nest.sn" }).smtpUrl).toBe("smtps://mail.nest.sn");
    expect(loadConfig({ SMTP_URL: "" }).smtpUrl).toBeUndefined();
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(() => loadConfig({ SMTP_URL: "https://mail.nest.sn" })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: "mail.nest.sn" })).toThrow(/SMTP_URL/);
  });
});

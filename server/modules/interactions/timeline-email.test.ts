import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../clock.ts";
import { interactions, outboxEmails } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/app.ts";
import { buildProspect } from "../../test/factories.ts";
import { uploadDocument } from "../documents/documents.ts";
import { NO_SMTP_STAFF_ERROR } from "../mail/list-outbox.ts";
import { INTERRUPTED_ERROR, NO_SMTP_ERROR, processOutbox, settleDeliveries } from "../mail/sender.ts";
import { startTestSmtp, type TestSmtp } from "../mail/test-smtp.ts";

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

function useSmtp(on: boolean) {
  t.current.services.config.smtpUrl = on ? smtp.url : undefined;
}

async function brochure() {
  return uploadDocument(t.current.system, {
    name: "Plaquette NEST",
    file: { fileName: "plaquette-nest.pdf", content: PDF },
  });
}

describe("the timeline entry of a documentation email says where the email stands", () => {
  it("« en attente d'envoi » with its outbox line while no server is configured, then sent once the outbox sends it", async () => {
    useSmtp(false);
    const { signIn, system, clock } = t.current;
    const agent = await signIn("reception");
    const prospect = await buildProspect(system, { email: "aminata.faye@example.sn" });
    const { id: documentId } = await brochure();
    const response = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [documentId],
      message: "Comme convenu au téléphone.",
    });
    expect(response.statusCode, response.body).toBe(201);
    const emailId = response.json().email.id as string;
    expect(response.json().email.status).toBe("pending");
    // What is recorded does not claim it was sent.
    expect(response.json().interaction.comment).toBe(
      "Documentation par e-mail à aminata.faye@example.sn.\nComme convenu au téléphone.",
    );

    const timeline = async (client = agent) =>
      (await client.request("GET", `/api/prospects/${prospect.id}/interactions`)).json();
    const [waiting] = await timeline();
    expect(waiting).toMatchObject({
      channel: "email",
      documentsSent: ["Plaquette NEST"],
      // The state says it; the comment keeps the agent's own words.
      comment: "Comme convenu au téléphone.",
      email: { id: emailId, purpose: "documentation", state: "pending", to: ["aminata.faye@example.sn"], sentAt: null },
    });
    // Named by her name, not her e-mail.
    expect(waiting.author).toMatch(/^Awa Diop\d+$/);

    // Another receptionist sees the state, not a link to a line of the outbox she may not open.
    const colleague = await signIn("reception");
    expect((await timeline(colleague))[0].email).toMatchObject({ id: null, state: "pending" });
    expect((await colleague.request("GET", `/api/outbox/${emailId}`)).statusCode).toBe(404);
    // The admin may open every line.
    const admin = await signIn("admin");
    expect((await timeline(admin))[0].email).toMatchObject({ id: emailId, state: "pending" });

    // The outbox tells staff what to expect, and admins what to set.
    const own = (await agent.request("GET", `/api/outbox/${emailId}`)).json();
    expect(own.lastError).toBe(NO_SMTP_STAFF_ERROR);
    expect(own.lastError).not.toContain("SMTP");
    expect((await admin.request("GET", `/api/outbox/${emailId}`)).json().lastError).toBe(NO_SMTP_ERROR);

    // A server is configured: the outbox sends it, the timeline says so.
    useSmtp(true);
    clock.advance(MINUTE_MS);
    await processOutbox(t.current.services);
    expect(smtp.received.filter((m) => m.envelope.to.includes("aminata.faye@example.sn"))).toHaveLength(1);
    expect((await timeline())[0].email).toEqual({
      id: emailId,
      purpose: "documentation",
      state: "sent",
      to: ["aminata.faye@example.sn"],
      sentAt: "2026-03-02T09:01:00.000Z",
    });
    clock.set("2026-03-02T09:00:00Z");
  });

  it("failed, and « to check » when the send was cut off once the server had it; an older record's « envoyée » line is not shown", async () => {
    useSmtp(false);
    const { signIn, system, services } = t.current;
    const agent = await signIn("crm_secretary");
    const prospect = await buildProspect(system, { email: "coumba.gueye@example.sn" });
    const { id: documentId } = await brochure();
    const response = await agent.request("POST", "/api/documentation", {
      personId: prospect.id,
      documentIds: [documentId],
    });
    const { interaction, email } = response.json();
    const { db } = services.database;
    // As sendDocumentation wrote it before.
    await db
      .update(interactions)
      .set({ comment: "Documentation envoyée par e-mail à coumba.gueye@example.sn." })
      .where(eq(interactions.id, interaction.id));
    const entry = async () =>
      (await agent.request("GET", `/api/prospects/${prospect.id}/interactions`)).json()[0] as {
        comment: string | null;
        email: { state: string };
      };

    await db
      .update(outboxEmails)
      .set({ status: "failed", lastError: "550 refusé" })
      .where(eq(outboxEmails.id, email.id));
    expect(await entry()).toMatchObject({ comment: null, email: { state: "failed" } });
    await db
      .update(outboxEmails)
      .set({ status: "failed", lastError: INTERRUPTED_ERROR })
      .where(eq(outboxEmails.id, email.id));
    expect((await entry()).email.state).toBe("to_check");
  });

  it("an interaction without an email has none; a temperature change is signed with a name", async () => {
    const { signIn, system } = t.current;
    const agent = await signIn("prospects_manager");
    const prospect = await buildProspect(system, { temperature: "warm" });
    const added = await agent.request("POST", `/api/prospects/${prospect.id}/interactions`, {
      channel: "phone_in",
      comment: "Demande d'informations",
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().author).toMatch(/^Awa Diop\d+$/);
    const [only] = (await agent.request("GET", `/api/prospects/${prospect.id}/interactions`)).json();
    expect(only).toMatchObject({ comment: "Demande d'informations", email: null });
    expect(only.author).toMatch(/^Awa Diop\d+$/);

    const changed = await agent.request("POST", `/api/prospects/${prospect.id}/temperature`, {
      version: prospect.version,
      temperature: "hot",
      reason: "Rendez-vous souhaité",
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    const record = (await agent.request("GET", `/api/prospects/${prospect.id}`)).json();
    const changes = record.temperatureHistory.map((h: { changedBy: string | null }) => h.changedBy);
    expect(changes.at(-1)).toMatch(/^Awa Diop\d+$/);
    expect(changes.some((by: string | null) => by?.includes("@"))).toBe(false);
  });
});

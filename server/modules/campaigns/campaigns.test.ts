import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../clock.ts";
import { campaignRecipients, consentEvents, consentStates, outboxEmails, people } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { uploadDocument } from "../documents/documents.ts";
import { processOutbox, settleDeliveries } from "../mail/sender.ts";
import { startTestSmtp, type TestSmtp } from "../mail/test-smtp.ts";
import { runCampaigns } from "./engine.ts";
import {
  buildSegment,
  changeSettings,
  forgetConsents,
  grant,
  PUBLIC_BASE,
  readCampaignMail,
  useCampaignSettings,
} from "./test-support.ts";

// Dakar is UTC+0 all year. 2026-03-02 is a Monday.
const START = new Date("2026-03-02T09:00:00Z").getTime();
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });
let smtp: TestSmtp;
let segmentId: string;
let staff: Client;
/** Each test an hour after the previous one: the throttle's minute starts empty, sessions are signed in again. */
let hour = 0;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t.current.services.config.smtpUrl = smtp.url;
  await useCampaignSettings(t.current.system, { ratePerMinute: 1000 });
  segmentId = await buildSegment(t.current.system, {});
});
afterAll(async () => {
  await settleDeliveries();
  await smtp.close();
});
beforeEach(async () => {
  hour += 1;
  t.current.clock.set(new Date(START + hour * 60 * MINUTE_MS).toISOString());
  smtp.rejecting = false;
  smtp.rejectingData = false;
  await forgetConsents(t.current.system);
  staff = await t.current.signIn("crm_secretary");
});

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]?.field;

const NEWSLETTER = {
  name: "Newsletter de mars",
  purpose: "newsletter",
  channels: ["email"],
  emailSubject: "Allaitement : nos conseils, {prenom}",
  emailMarkdown:
    "# Bonjour {prenom} {nom}\n\nVoici nos **conseils** pour l'allaitement : [le guide](https://nest.sn/guide).\n\n<script>alert(1)</script>",
};

async function createCampaign(body: Record<string, unknown> = {}) {
  const response = await staff.request("POST", "/api/campaigns", { ...NEWSLETTER, segmentId, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; status: string };
}

async function sendNow(campaign: { id: string; version: number }) {
  const response = await staff.request("POST", `/api/campaigns/${campaign.id}/schedule`, {
    version: campaign.version,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** One minute's work: campaigns fed to the outbox, the outbox sent, outcomes settled. */
async function runAll() {
  const run = await runCampaigns(t.current.services);
  await processOutbox(t.current.services, { limit: 5000, concurrency: 4 });
  await runCampaigns(t.current.services);
  return run;
}

const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));

async function campaignView(id: string) {
  const response = await staff.request("GET", `/api/campaigns/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function recipientOf(campaignId: string, address: string) {
  const [row] = await t.current.services.database.db
    .select()
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.address, address)));
  return row;
}

describe("a campaign's content", () => {
  it("needs each channel's text, a known segment and documents, and tracking allowed by the settings", async () => {
    const noSubject = await staff.request("POST", "/api/campaigns", { ...NEWSLETTER, segmentId, emailSubject: null });
    expect([noSubject.statusCode, issueField(noSubject)]).toEqual([422, "emailSubject"]);
    const noSms = await staff.request("POST", "/api/campaigns", { ...NEWSLETTER, segmentId, channels: ["sms"] });
    expect([noSms.statusCode, issueField(noSms)]).toEqual([422, "smsText"]);
    const tracked = await staff.request("POST", "/api/campaigns", { ...NEWSLETTER, segmentId, trackClicks: true });
    expect([tracked.statusCode, issueField(tracked)]).toEqual([422, "trackClicks"]);
    const unknownDoc = await staff.request("POST", "/api/campaigns", {
      ...NEWSLETTER,
      segmentId,
      emailDocumentIds: ["00000000-0000-4000-8000-000000000000"],
    });
    expect([unknownDoc.statusCode, issueField(unknownDoc)]).toEqual([422, "emailDocumentIds"]);
    const unknownSegment = await staff.request("POST", "/api/campaigns", {
      ...NEWSLETTER,
      segmentId: "00000000-0000-4000-8000-000000000000",
    });
    expect([unknownSegment.statusCode, issueField(unknownSegment)]).toEqual([422, "segmentId"]);
    await expect((await t.current.signIn("reception")).request("GET", "/api/campaigns")).resolves.toMatchObject({
      statusCode: 403,
    });
  });

  it("is created as a draft, listed, changed at its version, previewed and given as text to paste", async () => {
    const doc = await uploadDocument(t.current.system, {
      name: "Guide allaitement",
      file: { fileName: "guide.pdf", content: Buffer.from("%PDF-1.4\n%%EOF\n") },
    });
    const created = await createCampaign({ emailDocumentIds: [doc.id] });
    expect(created).toMatchObject({
      status: "draft",
      segmentName: "Toutes les patientes",
      emailDocumentIds: [doc.id],
      stats: { recipients: 0, byChannel: { email: { recipients: 0 } } },
    });
    const list = (await staff.request("GET", "/api/campaigns")).json();
    expect(list.items[0].id).toBe(created.id);
    const stale = await staff.request("PATCH", `/api/campaigns/${created.id}`, { version: 99, name: "x" });
    expect(stale.statusCode).toBe(409);
    const renamed = await staff.request("PATCH", `/api/campaigns/${created.id}`, {
      version: created.version,
      name: "Newsletter de mars (allaitement)",
      channels: ["email", "sms"],
      smsText: "NEST : {prenom}, nos conseils allaitement sont sur nest.sn",
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Newsletter de mars (allaitement)", version: created.version + 1 });

    const preview = (await staff.request("POST", `/api/campaigns/${created.id}/preview`)).json();
    expect(preview.subject).toMatch(/^Allaitement : nos conseils, \S+/);
    expect(preview.html).toContain("<strong>conseils</strong>");
    expect(preview.html).not.toContain("<script>");
    expect(preview.html).toContain("&lt;script&gt;");
    expect(preview.html).toContain("équipe de la clinique NEST");
    expect(preview.html).toContain(`${PUBLIC_BASE}/u/`);
    expect(preview.html).toContain("Se désinscrire");
    expect(preview.text).toContain("Se désinscrire : https://relais.nest.sn/u/");
    expect(preview.sms.text).toMatch(/STOP pour ne plus recevoir$/);
    expect(preview.sms).toMatchObject({ encoding: expect.any(String), segments: expect.any(Number) });

    const paste = (await staff.request("GET", `/api/campaigns/${created.id}/paste-text`)).json();
    expect(paste.text).toContain("le guide (https://nest.sn/guide)");
    expect(paste.text).not.toContain("/u/");
    expect(paste.text).not.toContain("{prenom}");
  });

  it("counts its audience per channel: consent, address, validity, one per address; SMS cost", async () => {
    const a = await buildPatient(t.current.system, { email: "awa.a@example.sn" });
    const b = await buildPatient(t.current.system, { email: "AWA.A@example.sn" });
    const c = await buildPatient(t.current.system, { email: "bad@example.sn" });
    const d = await buildPatient(t.current.system, {});
    const e = await buildPatient(t.current.system, { email: "no.consent@example.sn" });
    for (const p of [a, b, c, d]) await grant(t.current.system, p.id, "email");
    await grant(t.current.system, a.id, "sms");
    await t.current.services.database.db
      .update(people)
      .set({ emailInvalidAt: new Date(), emailInvalidAddress: "bad@example.sn", emailInvalidReason: "550" })
      .where(eq(people.id, c.id));
    const campaign = await createCampaign({ channels: ["email", "sms"], smsText: "Bonjour {prenom} !" });
    const audience = (await staff.request("POST", `/api/campaigns/${campaign.id}/audience`)).json();
    expect(audience.email).toMatchObject({ eligible: 1, withoutAddress: 1, invalid: 1 });
    expect(audience.email.withoutConsent).toBe(audience.total - 4);
    expect(audience.sms).toMatchObject({ eligible: 1, withoutMobile: 0, segmentsPerSms: 1, encoding: "GSM-7" });
    expect(audience.sms.costXof).toBe(25);
    expect(e.id).toBeTruthy();
  });
});

describe("sending a campaign by e-mail", () => {
  it("goes once per address to consenting people only, with the unsubscribe headers and links", async () => {
    const mariama = await buildPatient(t.current.system, {
      firstName: "Mariama",
      lastName: "Ba",
      email: "Mariama.Ba@example.sn",
    });
    const twin = await buildPatient(t.current.system, {
      firstName: "Mariama",
      lastName: "Ba",
      email: "mariama.ba@example.sn",
    });
    const refused = await buildPatient(t.current.system, { email: "refus@example.sn" });
    const smsOnly = await buildPatient(t.current.system, { email: "sms.only@example.sn" });
    const merged = await buildPatient(t.current.system, { email: "merged@example.sn" });
    const withdrawn = await buildPatient(t.current.system, { email: "withdrawn@example.sn" });
    for (const p of [mariama, twin, merged, withdrawn]) await grant(t.current.system, p.id, "email");
    await grant(t.current.system, refused.id, "email", "newsletter", false);
    await grant(t.current.system, smsOnly.id, "sms");
    await grant(t.current.system, withdrawn.id, "email", "newsletter", false);
    await t.current.services.database.db
      .update(people)
      .set({ mergedIntoId: mariama.id })
      .where(eq(people.id, merged.id));

    const campaign = await createCampaign();
    const sending = await sendNow(campaign);
    expect(sending).toMatchObject({ status: "sending", stats: { recipients: 1, pending: 1 } });
    await runAll();
    await runAll();

    expect(mailsTo("mariama.ba@example.sn")).toHaveLength(1);
    for (const nobody of ["refus@example.sn", "sms.only@example.sn", "merged@example.sn", "withdrawn@example.sn"]) {
      expect(mailsTo(nobody)).toHaveLength(0);
    }
    const [received] = mailsTo("mariama.ba@example.sn");
    if (!received) throw new Error("not received");
    const mail = readCampaignMail(received);
    expect(mail.subject).toBe("Allaitement : nos conseils, Mariama");
    expect(mail.from).toBe("info@nest.sn");
    expect(mail.cc).toBe("");
    expect(mail.listUnsubscribe).toMatch(/^<https:\/\/relais\.nest\.sn\/u\/[A-Za-z0-9_-]{43}>$/);
    expect(mail.listUnsubscribePost).toBe("List-Unsubscribe=One-Click");
    expect(mail.html).toContain("Bonjour Mariama Ba");
    expect(mail.html).toContain(`<a href="${mail.unsubscribeUrl}"`);
    expect(mail.html).toContain('<a href="https://nest.sn/guide"');
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain(`Se désinscrire : ${mail.unsubscribeUrl}`);
    expect(mail.text).toContain("# Bonjour Mariama Ba");

    // Only the SHA-256 of the token is stored.
    const recipient = await recipientOf(campaign.id, "mariama.ba@example.sn");
    expect(recipient?.unsubscribeTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(recipient?.unsubscribeTokenHash).not.toContain(mail.token);

    const view = await campaignView(campaign.id);
    expect(view).toMatchObject({ status: "sent", finishedAt: expect.any(String) });
    expect(view.stats).toMatchObject({ recipients: 1, sent: 1, pending: 0, queued: 0, failed: 0, bounced: 0 });
    const list = (await staff.request("GET", `/api/campaigns/${campaign.id}/recipients?status=sent`)).json();
    expect(list).toMatchObject({
      total: 1,
      items: [{ address: "mariama.ba@example.sn", status: "sent", channel: "email", sentAt: expect.any(String) }],
    });
  });

  it("is unsubscribed from through its link: a French page, then a POST that withdraws the consent once", async () => {
    const awa = await buildPatient(t.current.system, { firstName: "Awa", email: "awa.unsub@example.sn" });
    const fatou = await buildPatient(t.current.system, { firstName: "Fatou", email: "fatou.oneclick@example.sn" });
    for (const p of [awa, fatou]) await grant(t.current.system, p.id, "email");
    await sendNow(await createCampaign());
    await runAll();
    const [toAwa] = mailsTo("awa.unsub@example.sn");
    const [toFatou] = mailsTo("fatou.oneclick@example.sn");
    if (!toAwa || !toFatou) throw new Error("not received");
    const awaToken = readCampaignMail(toAwa).token;
    const app = t.current.app;

    const page = await app.inject({ method: "GET", url: `/u/${awaToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("Vous ne recevrez plus les newsletters de la clinique NEST par e-mail");
    expect(page.body).toContain('<form method="post">');
    expect(page.body).not.toContain("<script");
    // Opening the page changes nothing.
    const eventsOf = (personId: string) =>
      t.current.services.database.db
        .select()
        .from(consentEvents)
        .where(and(eq(consentEvents.personId, personId), eq(consentEvents.source, "unsubscribe_link")));
    expect(await eventsOf(awa.id)).toHaveLength(0);

    const confirmed = await app.inject({
      method: "POST",
      url: `/u/${awaToken}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain("Vous êtes désinscrite");
    const [event] = await eventsOf(awa.id);
    expect(event).toMatchObject({ purpose: "newsletter", channel: "email", granted: false, recordedBy: null });
    const [state] = await t.current.services.database.db
      .select()
      .from(consentStates)
      .where(and(eq(consentStates.personId, awa.id), eq(consentStates.channel, "email")));
    expect(state?.granted).toBe(false);
    const again = await app.inject({ method: "POST", url: `/u/${awaToken}`, payload: {} });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain("Vous êtes désinscrite");
    expect(await eventsOf(awa.id)).toHaveLength(1);

    // RFC 8058: the mail client posts « List-Unsubscribe=One-Click » for her.
    const oneClick = await app.inject({
      method: "POST",
      url: `/u/${readCampaignMail(toFatou).token}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.statusCode).toBe(200);
    expect(await eventsOf(fatou.id)).toHaveLength(1);

    const unknown = await app.inject({ method: "GET", url: `/u/${"x".repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("Ce lien n'est pas valide");
    expect((await app.inject({ method: "POST", url: `/u/${"y".repeat(43)}`, payload: {} })).statusCode).toBe(404);

    const campaigns = (await staff.request("GET", "/api/campaigns")).json();
    expect(campaigns.items[0].stats).toMatchObject({ sent: 2, unsubscribed: 2 });
  });

  it("fails a 5xx for good: the address is marked invalid, the recipient bounced; a new address clears it", async () => {
    const khady = await buildPatient(t.current.system, { firstName: "Khady", email: "khady@example.sn" });
    await grant(t.current.system, khady.id, "email");
    const campaign = await createCampaign();
    await sendNow(campaign);
    smtp.rejecting = true;
    await runAll();
    smtp.rejecting = false;
    const recipient = await recipientOf(campaign.id, "khady@example.sn");
    expect(recipient).toMatchObject({ status: "bounced", reason: expect.stringContaining("550") });
    const [email] = await t.current.services.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.id, recipient?.outboxEmailId as string));
    expect(email).toMatchObject({ status: "failed", attempts: 1 });
    const [person] = await t.current.services.database.db.select().from(people).where(eq(people.id, khady.id));
    expect(person).toMatchObject({ emailInvalidAddress: "khady@example.sn", emailInvalidAt: expect.any(Date) });
    const view = await campaignView(campaign.id);
    expect(view).toMatchObject({ status: "sent", stats: { bounced: 1, sent: 0, failed: 0 } });
    // Never tried again, even later.
    t.current.clock.advance(2 * 60 * MINUTE_MS);
    await processOutbox(t.current.services);
    expect(mailsTo("khady@example.sn")).toHaveLength(0);
    staff = await t.current.signIn("crm_secretary");

    const next = await createCampaign();
    const audience = (await staff.request("POST", `/api/campaigns/${next.id}/audience`)).json();
    expect(audience.email).toMatchObject({ eligible: 0, invalid: 1 });
    const reception = await t.current.signIn("reception");
    const record = (await reception.request("GET", `/api/patients/${khady.id}`)).json();
    const changed = await reception.request("PATCH", `/api/patients/${khady.id}`, {
      version: record.version,
      email: "khady.new@example.sn",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = (await staff.request("POST", `/api/campaigns/${next.id}/audience`)).json();
    expect(after.email).toMatchObject({ eligible: 1, invalid: 0 });
  });

  it("keeps a 4xx for later: retried with back-off until it passes", async () => {
    const ndeye = await buildPatient(t.current.system, { email: "ndeye@example.sn" });
    await grant(t.current.system, ndeye.id, "email");
    const campaign = await createCampaign();
    await sendNow(campaign);
    smtp.rejectingData = true;
    await runAll();
    smtp.rejectingData = false;
    const recipient = await recipientOf(campaign.id, "ndeye@example.sn");
    const [email] = await t.current.services.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.id, recipient?.outboxEmailId as string));
    expect(email).toMatchObject({ status: "pending", attempts: 1 });
    expect(recipient?.status).toBe("queued");
    expect((await campaignView(campaign.id)).status).toBe("sending");
    t.current.clock.advance(MINUTE_MS);
    await runAll();
    expect(mailsTo("ndeye@example.sn")).toHaveLength(1);
    const view = await campaignView(campaign.id);
    expect(view).toMatchObject({ status: "sent", stats: { sent: 1, bounced: 0 } });
    const [person] = await t.current.services.database.db.select().from(people).where(eq(people.id, ndeye.id));
    expect(person?.emailInvalidAt).toBeNull();
  });

  it("is not sent after a withdrawal at the desk while it waited for a retry: the e-mail fails, the line says why", async () => {
    const coumba = await buildPatient(t.current.system, { email: "coumba.waits@example.sn" });
    await grant(t.current.system, coumba.id, "email");
    const campaign = await createCampaign();
    await sendNow(campaign);
    smtp.rejectingData = true;
    await runAll();
    smtp.rejectingData = false;
    await grant(t.current.system, coumba.id, "email", "newsletter", false);
    t.current.clock.advance(MINUTE_MS);
    await runAll();
    expect(mailsTo("coumba.waits@example.sn")).toHaveLength(0);
    const recipient = await recipientOf(campaign.id, "coumba.waits@example.sn");
    expect(recipient).toMatchObject({ status: "skipped", reason: "consent_withdrawn" });
    const [email] = await t.current.services.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.id, recipient?.outboxEmailId as string));
    expect(email?.status).toBe("failed");
  });

  it("is not sent when a duplicate record, merged into hers, holds a later withdrawal", async () => {
    const kept = await buildProspect(t.current.system, { lastName: "Kane", email: "aida.merge@example.sn" });
    const duplicate = await buildProspect(t.current.system, { lastName: "KANE" });
    await grant(t.current.system, kept.id, "email");
    const prospects = await buildSegment(t.current.system, { kinds: ["prospect"] }, "Prospects");
    const campaign = await createCampaign({ segmentId: prospects });
    await sendNow(campaign);
    smtp.rejectingData = true;
    await runAll();
    smtp.rejectingData = false;
    // While the e-mail waits for a retry, she says no on the other record; then the two are merged.
    t.current.clock.advance(MINUTE_MS);
    await grant(t.current.system, duplicate.id, "email", "newsletter", false);
    const manager = await t.current.signIn("prospects_manager");
    const version = async (id: string) => (await manager.request("GET", `/api/prospects/${id}`)).json().version;
    const merged = await manager.request("POST", `/api/prospects/${kept.id}/merge`, {
      version: await version(kept.id),
      mergeId: duplicate.id,
      mergeVersion: await version(duplicate.id),
    });
    expect(merged.statusCode, merged.body).toBe(200);
    t.current.clock.advance(MINUTE_MS);
    await runAll();
    expect(mailsTo("aida.merge@example.sn")).toHaveLength(0);
    expect(await recipientOf(campaign.id, "aida.merge@example.sn")).toMatchObject({
      status: "skipped",
      reason: "consent_withdrawn",
    });
  });

  it("unsubscribing withdraws on the record she was merged into and on a duplicate sharing her address", async () => {
    const kept = await buildPatient(t.current.system, { firstName: "Rama", email: "rama.kept@example.sn" });
    const twin = await buildPatient(t.current.system, { firstName: "Rama", email: "Rama.Shared@example.sn" });
    const first = await buildPatient(t.current.system, { firstName: "Rama", email: "rama.shared@example.sn" });
    for (const p of [kept, twin, first]) await grant(t.current.system, p.id, "email");
    const campaign = await createCampaign();
    await sendNow(campaign);
    await runAll();
    const mail = mailsTo("rama.shared@example.sn")[0];
    if (!mail) throw new Error("not received");
    // Since the newsletter left, the record it went to was merged into another.
    const mailedTo = (await recipientOf(campaign.id, "rama.shared@example.sn"))?.personId as string;
    await t.current.services.database.db.update(people).set({ mergedIntoId: kept.id }).where(eq(people.id, mailedTo));
    const done = await t.current.app.inject({
      method: "POST",
      url: `/u/${readCampaignMail(mail).token}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(done.statusCode).toBe(200);
    const states = await t.current.services.database.db
      .select({ personId: consentStates.personId, granted: consentStates.granted })
      .from(consentStates)
      .where(eq(consentStates.channel, "email"));
    const withdrawn = new Set(states.filter((s) => !s.granted).map((s) => s.personId));
    // The kept record, and the other record with that address; the merged one is left as it was.
    expect(withdrawn.has(kept.id)).toBe(true);
    expect(withdrawn.has(mailedTo === twin.id ? first.id : twin.id)).toBe(true);
  });

  it("is throttled: at most ratePerMinute messages handed over per minute, all campaigns together", async () => {
    await useCampaignSettings(t.current.system, { ratePerMinute: 5 });
    try {
      for (let i = 0; i < 12; i++) {
        const p = await buildPatient(t.current.system, { email: `throttle${i}@example.sn` });
        await grant(t.current.system, p.id, "email");
      }
      const campaign = await createCampaign();
      await sendNow(campaign);
      expect((await runCampaigns(t.current.services)).queued).toBe(5);
      expect((await runCampaigns(t.current.services)).queued).toBe(0);
      t.current.clock.advance(30_000);
      expect((await runCampaigns(t.current.services)).queued).toBe(0);
      t.current.clock.advance(31_000);
      expect((await runCampaigns(t.current.services)).queued).toBe(5);
      t.current.clock.advance(MINUTE_MS + 1);
      expect((await runCampaigns(t.current.services)).queued).toBe(2);
      await processOutbox(t.current.services, { limit: 100, concurrency: 2 });
      await runCampaigns(t.current.services);
      const view = await campaignView(campaign.id);
      expect(view).toMatchObject({ status: "sent", stats: { recipients: 12, sent: 12 } });
    } finally {
      await useCampaignSettings(t.current.system, { ratePerMinute: 1000 });
    }
  });

  it("is cancelled: what is in the outbox leaves, the rest is skipped", async () => {
    await useCampaignSettings(t.current.system, { ratePerMinute: 2 });
    try {
      for (let i = 0; i < 5; i++) {
        const p = await buildPatient(t.current.system, { email: `cancel${i}@example.sn` });
        await grant(t.current.system, p.id, "email");
      }
      const campaign = await createCampaign();
      const sending = await sendNow(campaign);
      await runCampaigns(t.current.services);
      const cancelled = await staff.request("POST", `/api/campaigns/${campaign.id}/cancel`, {
        version: sending.version,
      });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: "cancelled", cancelledAt: expect.any(String) });
      t.current.clock.advance(2 * MINUTE_MS);
      await runAll();
      const view = await campaignView(campaign.id);
      expect(view).toMatchObject({
        status: "cancelled",
        finishedAt: expect.any(String),
        stats: { recipients: 5, sent: 2, skipped: 3, pending: 0 },
      });
      const again = await staff.request("POST", `/api/campaigns/${campaign.id}/cancel`, { version: view.version });
      expect(again.statusCode).toBe(409);
    } finally {
      await useCampaignSettings(t.current.system, { ratePerMinute: 1000 });
    }
  });

  it("scheduled in the future, starts at its time", async () => {
    const p = await buildPatient(t.current.system, { email: "scheduled@example.sn" });
    await grant(t.current.system, p.id, "email");
    const campaign = await createCampaign();
    const at = new Date(t.current.clock.now().getTime() + 30 * MINUTE_MS).toISOString();
    const scheduled = await staff.request("POST", `/api/campaigns/${campaign.id}/schedule`, {
      version: campaign.version,
      at,
    });
    expect(scheduled.json()).toMatchObject({ status: "scheduled", scheduledAt: at, stats: { recipients: 0 } });
    expect((await runAll()).started).toBe(0);
    t.current.clock.advance(30 * MINUTE_MS);
    expect((await runAll()).started).toBe(1);
    expect(mailsTo("scheduled@example.sn")).toHaveLength(1);
    expect((await campaignView(campaign.id)).status).toBe("sent");
  });

  it("cannot be sent without the public address (the unsubscribe link needs it)", async () => {
    await changeSettings(t.current.system, (s) => ({ ...s, surveys: { ...s.surveys, publicBaseUrl: "" } }));
    try {
      const campaign = await createCampaign();
      const refused = await staff.request("POST", `/api/campaigns/${campaign.id}/schedule`, {
        version: campaign.version,
      });
      expect([refused.statusCode, refused.json().error.code]).toEqual([409, "campaign_public_base_missing"]);
    } finally {
      await useCampaignSettings(t.current.system);
    }
  });

  it("sends a test to oneself, marked [TEST], never counted", async () => {
    const me = await t.current.signIn("crm_secretary", { email: "fatou.essai@nest.sn" });
    const campaign = await createCampaign();
    const test = await me.request("POST", `/api/campaigns/${campaign.id}/test`, {});
    expect(test.statusCode, test.body).toBe(200);
    await settleDeliveries();
    const [mail] = mailsTo("fatou.essai@nest.sn");
    if (!mail) throw new Error("not received");
    expect(readCampaignMail(mail).subject).toMatch(/^\[TEST\] Allaitement/);
    const view = await campaignView(campaign.id);
    expect(view).toMatchObject({ status: "draft", stats: { recipients: 0, sent: 0 } });

    // Another staff account's address, or the clinic's: yes. A patient's, or anyone's: no, naming the field.
    await t.current.signIn("crm_secretary", { email: "awa.collegue@nest.sn" });
    const colleague = await me.request("POST", `/api/campaigns/${campaign.id}/test`, { email: "AWA.collegue@nest.sn" });
    expect(colleague.statusCode, colleague.body).toBe(200);
    const patient = await buildPatient(t.current.system, { email: "patiente.test@example.sn" });
    for (const email of [patient.email, "quelquun@example.com"]) {
      const refused = await me.request("POST", `/api/campaigns/${campaign.id}/test`, { email });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({
        code: "campaign_test_not_staff",
        details: { issues: [{ field: "email" }] },
      });
    }
    await settleDeliveries();
    expect(mailsTo("patiente.test@example.sn")).toEqual([]);
  });

  it("counts clicks when the clinic allows it: the link goes through Relais, then to its address", async () => {
    await useCampaignSettings(t.current.system, { clickTrackingAllowed: true });
    try {
      const p = await buildPatient(t.current.system, { email: "clicker@example.sn" });
      await grant(t.current.system, p.id, "email");
      const campaign = await createCampaign({ trackClicks: true });
      await sendNow(campaign);
      await runAll();
      const [received] = mailsTo("clicker@example.sn");
      if (!received) throw new Error("not received");
      const mail = readCampaignMail(received);
      const tracked = new RegExp(`${PUBLIC_BASE}/c/${mail.token}/([0-9a-f-]{36})`).exec(mail.html);
      expect(tracked).not.toBeNull();
      expect(mail.html).not.toContain('href="https://nest.sn/guide"');
      const url = new URL(tracked?.[0] as string);
      const click = await t.current.app.inject({ method: "GET", url: url.pathname });
      expect([click.statusCode, click.headers.location]).toEqual([302, "https://nest.sn/guide"]);
      await t.current.app.inject({ method: "GET", url: url.pathname });
      const clicks = await t.current.services.database.db.execute(sql`select clicks from campaign_clicks`);
      expect((clicks as unknown as { rows: { clicks: number }[] }).rows).toEqual([{ clicks: 2 }]);
      expect((await campaignView(campaign.id)).stats.clicked).toBe(1);
      const wrong = await t.current.app.inject({
        method: "GET",
        url: `/c/${mail.token}/00000000-0000-4000-8000-000000000000`,
      });
      expect(wrong.statusCode).toBe(404);
    } finally {
      await useCampaignSettings(t.current.system, { clickTrackingAllowed: false });
    }
  });

  it("lets an admin run what is due now", async () => {
    const admin = await t.current.signIn("admin");
    const run = await admin.request("POST", "/api/campaigns/run", {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ started: 0, queued: 0 });
    const far = await admin.request("POST", "/api/campaigns/run", { asOf: "2027-06-01T10:00:00Z" });
    expect([far.statusCode, issueField(far)]).toEqual([422, "asOf"]);
    expect((await staff.request("POST", "/api/campaigns/run", {})).statusCode).toBe(403);
  });
});

import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { neutraliseFormula } from "../../../shared/csv-safe.ts";
import { auditEvents, interactions, outboxEmails, smsMessages } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { settleDeliveries } from "../mail/sender.ts";
import { readMail, startTestSmtp, type TestSmtp } from "../mail/test-smtp.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";

/** The « Groupe des Mamans NEST » of procedure 5 on the API, in Africa/Dakar (UTC+0). */
const NOW = "2026-03-02T09:00:00Z";
const t = setupTestApp({ now: NOW });
const WHATSAPP = "https://chat.whatsapp.com/NestMamans2026";
const FACEBOOK = "https://www.facebook.com/groups/mamans.nest";

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
beforeEach(() => t.current.clock.set(NOW));
afterAll(async () => {
  await settleDeliveries();
  await smtp.close();
});

async function setLinks(links: { whatsappInviteUrl?: string; facebookGroupUrl?: string }) {
  const { version, settings } = await readSettings(t.current.services.database.db);
  await updateSettings(t.current.system, {
    version,
    settings: { ...settings, mothersGroup: { ...settings.mothersGroup, ...links } },
  });
}

const secretary = (): Promise<Client> => t.current.signIn("crm_secretary");
const url = (id: string, network = "whatsapp") => `/api/people/${id}/mothers-group/${network}`;
const db = () => t.current.services.database.db;
/** A minute later: each change of a membership has its own instant, its history reads in order. */
const tick = () => t.current.clock.advance(60_000);
const auditsOf = async (action: string) =>
  (await db().select().from(auditEvents).where(eq(auditEvents.action, action))).length;

describe("memberships", () => {
  it("records a wish, then member with her consent, each change in the history and the audit", async () => {
    const mother = await buildPatient(t.current.system);
    const client = await secretary();
    expect((await client.request("GET", `/api/people/${mother.id}/mothers-group`)).json()).toEqual({
      memberships: [],
    });

    const wish = await client.request("PUT", url(mother.id), {
      status: "wishes",
      consentToAdd: true,
      note: "Au 36 SA",
    });
    expect(wish.statusCode, wish.body).toBe(200);
    expect(wish.json()).toMatchObject({ network: "whatsapp", status: "wishes", consentToAdd: true, version: 1 });
    tick();

    // Stale or missing version: refused.
    expect((await client.request("PUT", url(mother.id), { status: "member", consentToAdd: true })).statusCode).toBe(
      409,
    );
    expect(
      (await client.request("PUT", url(mother.id), { status: "member", consentToAdd: true, version: 7 })).statusCode,
    ).toBe(409);
    const member = await client.request("PUT", url(mother.id), { status: "member", consentToAdd: true, version: 1 });
    expect(member.statusCode, member.body).toBe(200);
    tick();
    const left = await client.request("PUT", url(mother.id), {
      status: "left",
      consentToAdd: true,
      version: 2,
      note: "Ne souhaite plus",
    });
    expect(left.json()).toMatchObject({ status: "left", version: 3 });

    const read = (await client.request("GET", `/api/people/${mother.id}/mothers-group`)).json();
    expect(read.memberships).toHaveLength(1);
    expect(read.memberships[0].history).toMatchObject([
      {
        fromStatus: "member",
        toStatus: "left",
        source: "manual",
        note: "Ne souhaite plus",
        recordedBy: expect.stringMatching(/^Awa Diop/),
      },
      { fromStatus: "wishes", toStatus: "member", source: "manual" },
      { fromStatus: null, toStatus: "wishes", source: "manual", note: "Au 36 SA" },
    ]);
    const audits = await db().select().from(auditEvents).where(eq(auditEvents.entityType, "mothers_group_membership"));
    expect(audits.map((a) => a.action)).toEqual([
      "mothers_group.create",
      "mothers_group.update",
      "mothers_group.update",
    ]);
    expect(audits[2]?.before).toMatchObject({ personId: mother.id, status: "member" });
    expect(audits[2]?.after).toMatchObject({ personId: mother.id, status: "left", note: "Ne souhaite plus" });
  });

  it("refuses member without her consent to be added (422 naming consentToAdd)", async () => {
    const mother = await buildPatient(t.current.system);
    const client = await secretary();
    const refused = await client.request("PUT", url(mother.id, "facebook"), { status: "member", consentToAdd: false });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: "mothers_group_consent_required",
      details: { issues: [{ field: "consentToAdd" }] },
    });
    expect(refused.json().error.message).toMatch(/accepter d'être ajoutée/);
    expect((await client.request("GET", `/api/people/${mother.id}/mothers-group`)).json().memberships).toEqual([]);
  });

  it("records the offer after the delivery with its source; is for patients only", async () => {
    const mother = await buildPatient(t.current.system);
    const client = await secretary();
    const offered = await client.request("PUT", url(mother.id, "facebook"), {
      status: "wishes",
      consentToAdd: false,
      source: "after_delivery",
    });
    expect(offered.json().history).toMatchObject([{ toStatus: "wishes", source: "after_delivery" }]);
    const prospect = await buildProspect(t.current.system);
    const refused = await client.request("PUT", url(prospect.id), { status: "wishes", consentToAdd: false });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, "mothers_group_patient_only"]);
  });

  it("lets only the group's managers write; every role reads", async () => {
    const mother = await buildPatient(t.current.system);
    const reception = await t.current.signIn("reception");
    expect((await reception.request("PUT", url(mother.id), { status: "wishes", consentToAdd: true })).statusCode).toBe(
      403,
    );
    expect((await reception.request("POST", `${url(mother.id)}/invite`, { channel: "sms" })).statusCode).toBe(403);
    expect((await reception.request("GET", "/api/mothers-group?network=whatsapp")).statusCode).toBe(403);
    expect((await reception.request("GET", "/api/mothers-group.xlsx?network=whatsapp")).statusCode).toBe(403);
    expect((await reception.request("GET", `/api/people/${mother.id}/mothers-group`)).statusCode).toBe(200);
    const viewer = await t.current.signIn("viewer");
    expect((await viewer.request("GET", "/api/mothers-group/counts")).statusCode).toBe(200);
    const medical = await t.current.signIn("medical_secretary");
    expect((await medical.request("PUT", url(mother.id), { status: "wishes", consentToAdd: true })).statusCode).toBe(
      200,
    );
  });
});

describe("invitations", () => {
  it("answers 409 in French while the network's link is not set", async () => {
    await setLinks({ whatsappInviteUrl: "", facebookGroupUrl: "" });
    const mother = await buildPatient(t.current.system);
    const client = await secretary();
    const refused = await client.request("POST", `${url(mother.id)}/invite`, { channel: "sms" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "mothers_group_link_missing" });
    expect(refused.json().error.message).toMatch(/lien d'invitation/);
  });

  it("queues the SMS with the link, on her timeline; she becomes invited", async () => {
    await setLinks({ whatsappInviteUrl: WHATSAPP });
    const mother = await buildPatient(t.current.system, { firstName: "Khady" });
    const client = await secretary();
    await client.request("PUT", url(mother.id), { status: "wishes", consentToAdd: true });
    tick();
    const sent = await client.request("POST", `${url(mother.id)}/invite`, { channel: "sms" });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({
      sms: { status: "queued", reason: null },
      email: null,
      membership: { status: "invited", invitedVia: "sms", invitedAt: "2026-03-02T09:01:00.000Z", consentToAdd: true },
    });
    expect(sent.json().membership.history[0]).toMatchObject({
      fromStatus: "wishes",
      toStatus: "invited",
      source: "invitation",
    });
    const [sms] = await db().select().from(smsMessages).where(eq(smsMessages.personId, mother.id));
    expect(sms).toMatchObject({ kind: "mothers_group_invite", status: "queued", vital: false });
    expect(sms?.text).toBe(`Bonjour Khady, rejoignez le Groupe des Mamans NEST sur WhatsApp : ${WHATSAPP}`);
    expect(sms?.toPhone).toMatch(/^\+2217/);
    const timeline = await db().select().from(interactions).where(eq(interactions.personId, mother.id));
    expect(timeline).toMatchObject([{ channel: "sms" }]);
    expect(timeline[0]?.comment).toMatch(/Groupe des Mamans NEST \(WhatsApp\)/);
  });

  it("keeps the SMS of a mother who declined SMS as skipped, her status unchanged", async () => {
    await setLinks({ whatsappInviteUrl: WHATSAPP });
    const mother = await buildPatient(t.current.system, { smsOptOut: true });
    const client = await secretary();
    await client.request("PUT", url(mother.id), { status: "wishes", consentToAdd: false });
    const sent = await client.request("POST", `${url(mother.id)}/invite`, { channel: "sms" });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({
      sms: { status: "skipped", reason: "ne souhaite pas recevoir de SMS" },
      membership: { status: "wishes", invitedAt: null },
    });
    const [sms] = await db().select().from(smsMessages).where(eq(smsMessages.personId, mother.id));
    expect(sms).toMatchObject({ kind: "mothers_group_invite", status: "skipped", toPhone: null });
  });

  it("answers 422 when she has no mobile, or no e-mail address", async () => {
    await setLinks({ whatsappInviteUrl: WHATSAPP });
    const mother = await buildPatient(t.current.system, { phones: ["33 821 00 00"], email: null });
    const client = await secretary();
    const noMobile = await client.request("POST", `${url(mother.id)}/invite`, { channel: "sms" });
    expect([noMobile.statusCode, noMobile.json().error.code]).toEqual([422, "mothers_group_no_mobile"]);
    const noEmail = await client.request("POST", `${url(mother.id)}/invite`, { channel: "email" });
    expect([noEmail.statusCode, noEmail.json().error.code]).toEqual([422, "mothers_group_no_email"]);
    expect((await client.request("GET", `/api/people/${mother.id}/mothers-group`)).json().memberships).toEqual([]);
  });

  it("sends the e-mail through the outbox to a real SMTP server, with the link", async () => {
    await setLinks({ facebookGroupUrl: FACEBOOK });
    t.current.services.config.smtpUrl = smtp.url;
    try {
      const mother = await buildPatient(t.current.system, { firstName: "Ndeye", email: "ndeye.fall@example.sn" });
      const client = await secretary();
      const sent = await client.request("POST", `${url(mother.id, "facebook")}/invite`, { channel: "email" });
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json()).toMatchObject({ sms: null, membership: { status: "invited", invitedVia: "email" } });
      const [mail] = await smtp.waitFor(1);
      if (!mail) throw new Error("no mail received");
      const read = readMail(mail);
      expect(mail.envelope.to).toContain("ndeye.fall@example.sn");
      expect(read.subject).toBe("Votre invitation au Groupe des Mamans NEST");
      expect(read.text).toContain("Bonjour Ndeye,");
      expect(read.text).toContain(`sur Facebook : ${FACEBOOK}`);
      await settleDeliveries();
      const [row] = await db().select().from(outboxEmails).where(eq(outboxEmails.personId, mother.id));
      expect(row).toMatchObject({ purpose: "other", status: "sent" });
      const [interaction] = await db()
        .select()
        .from(interactions)
        .where(and(eq(interactions.personId, mother.id), eq(interactions.channel, "email")));
      expect(row?.interactionId).toBe(interaction?.id);
    } finally {
      t.current.services.config.smtpUrl = undefined;
    }
  });
});

describe("the 36 SA call", () => {
  it("records a wish for each network she chose, unless already invited or member", async () => {
    const mother = await buildPatient(t.current.system);
    const client = await secretary();
    await client.request("PUT", url(mother.id, "facebook"), { status: "member", consentToAdd: true });
    tick();
    const started = await client.request("POST", `/api/patients/${mother.id}/pathways`, {
      type: "pregnancy",
      ddr: "2025-07-01",
    });
    expect(started.statusCode, started.body).toBe(201);
    const call = await client.request(
      "PUT",
      `/api/patients/${mother.id}/pathways/${started.json().id}/preparation-call`,
      {
        told: { prices: true, birthClasses: true, mothersGroup: true },
        plannedPlace: "nest",
        newsletterWish: "no",
        newsletterChannels: [],
        mothersGroupNetworks: ["whatsapp", "facebook"],
        childFollowUp: "yes",
      },
    );
    expect(call.statusCode, call.body).toBe(200);
    const { memberships } = (await client.request("GET", `/api/people/${mother.id}/mothers-group`)).json();
    expect(memberships).toMatchObject([
      { network: "whatsapp", status: "wishes", consentToAdd: false, history: [{ source: "week36_call" }] },
      { network: "facebook", status: "member", history: [{ source: "manual" }] },
    ]);
  });
});

describe("the group's list, counts and the moderator's XLSX", () => {
  it("lists one network with due dates and children, counts, and exports only consenting mothers, formula-safe", async () => {
    // A base of its own: the earlier tests' mothers are in the same database, hence counted deltas.
    const client = await secretary();
    const before = (await client.request("GET", "/api/mothers-group/counts")).json().counts;

    const pregnant = await buildPatient(t.current.system, { lastName: '=HYPERLINK("http://x")', firstName: "Aïda" });
    await client.request("POST", `/api/patients/${pregnant.id}/pathways`, { type: "pregnancy", ddr: "2025-07-01" });
    const withChild = await buildPatient(t.current.system, { lastName: "Ba", firstName: "+Mariama" });
    const child = await buildPatient(t.current.system, {
      lastName: "Ba",
      firstName: "Moussa",
      birthDate: "2025-11-20",
    });
    await t.current.services.database.query("update people set mother_id = $1 where id = $2", [withChild.id, child.id]);
    const noConsent = await buildPatient(t.current.system, { lastName: "Sans", firstName: "Consentement" });

    await client.request("PUT", url(pregnant.id), { status: "member", consentToAdd: true });
    await client.request("PUT", url(withChild.id), { status: "wishes", consentToAdd: true });
    await client.request("PUT", url(noConsent.id), { status: "wishes", consentToAdd: false });

    const list = await client.request("GET", "/api/mothers-group?network=whatsapp&status=member");
    expect(list.statusCode, list.body).toBe(200);
    const mine = list.json().items.find((i: { personId: string }) => i.personId === pregnant.id);
    expect(mine).toMatchObject({
      dueDate: "2026-04-15",
      status: "member",
      consentToAdd: true,
      since: NOW.replace("Z", ".000Z"),
    });
    const wishes = (await client.request("GET", "/api/mothers-group?network=whatsapp&status=wishes")).json().items;
    expect(wishes.find((i: { personId: string }) => i.personId === withChild.id)).toMatchObject({
      childrenBirthDates: ["2025-11-20"],
      dueDate: null,
    });
    expect(wishes.some((i: { status: string }) => i.status !== "wishes")).toBe(false);

    const after = (await client.request("GET", "/api/mothers-group/counts")).json().counts;
    const delta = (network: string, status: string) =>
      after.find((c: { network: string }) => c.network === network)[status] -
      before.find((c: { network: string }) => c.network === network)[status];
    expect([delta("whatsapp", "member"), delta("whatsapp", "wishes"), delta("facebook", "member")]).toEqual([1, 2, 0]);

    const exportsBefore = await auditsOf("mothers_group.export");
    const file = await client.request("GET", "/api/mothers-group.xlsx?network=whatsapp");
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-disposition"]).toMatch(/groupe-des-mamans-whatsapp-2026-03-02\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        cells.push(String(cell.value ?? ""));
      });
      rows.push(cells);
    });
    expect(rows[0]?.[0]).toMatch(/ayant accepté d'être ajoutées/);
    expect(rows[1]).toEqual([
      "Nom",
      "Prénom",
      "Téléphones",
      "DPA",
      "Âge des enfants",
      "Statut",
      "Accepte d'être ajoutée",
    ]);
    const cells = rows.flat();
    expect(cells.filter((c) => neutraliseFormula(c) !== c)).toEqual([]);
    const byFirstName = (name: string) => rows.find((r) => r[1] === name);
    expect(byFirstName("Aïda")).toMatchObject([
      '\'=HYPERLINK("http://x")',
      "Aïda",
      expect.stringMatching(/^\+221 7/),
      "15/04/2026",
      "",
      "Membre",
      "Oui",
    ]);
    expect(byFirstName("'+Mariama")).toMatchObject([
      "Ba",
      "'+Mariama",
      expect.any(String),
      "",
      "3 mois",
      "Souhaite rejoindre",
      "Oui",
    ]);
    expect(cells).not.toContain("Consentement");
    expect(await auditsOf("mothers_group.export")).toBe(exportsBefore + 1);
  });
});

describe("settings", () => {
  it("refuses a template without the link, an unknown variable, a link that is not https://", async () => {
    const admin = await t.current.signIn("admin");
    const current = (await admin.request("GET", "/api/settings")).json();
    const put = (mothersGroup: Record<string, string>) =>
      admin.request("PUT", "/api/settings", {
        version: current.version,
        settings: { ...current.settings, mothersGroup: { ...current.settings.mothersGroup, ...mothersGroup } },
      });
    const fieldsOf = (response: { json(): { error: { details: { issues: { field: string }[] } } } }) =>
      response.json().error.details.issues.map((i) => i.field);
    const noLink = await put({ smsTemplate: "Bonjour {prenom}, rejoignez-nous" });
    expect([noLink.statusCode, fieldsOf(noLink)]).toEqual([400, ["settings.mothersGroup.smsTemplate"]]);
    const unknown = await put({ emailSubject: "Bienvenue {nom}" });
    expect(fieldsOf(unknown)).toEqual(["settings.mothersGroup.emailSubject"]);
    const http = await put({ whatsappInviteUrl: "http://chat.whatsapp.com/x" });
    expect(fieldsOf(http)).toEqual(["settings.mothersGroup.whatsappInviteUrl"]);
  });
});

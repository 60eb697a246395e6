import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, smsMessages, surveyInvitations, surveyResponses } from "../../db/schema/index.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient } from "../../test/factories.ts";
import { pdfText } from "../../test/pdf-text.ts";
import { monthlyReport } from "../reports/monthly-report.ts";
import { getSettings, updateSettings } from "../settings/settings.ts";

// Dakar is UTC+0 all year: 09:00Z is 09:00 at the clinic. 2026-03-02 is a Monday.
const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

beforeEach(() => t.current.clock.set("2026-03-02T09:00:00Z"));

beforeAll(async () => {
  const { version, settings } = await getSettings(t.current.system);
  await updateSettings(t.current.system, {
    version,
    settings: { ...settings, surveys: { ...settings.surveys, publicBaseUrl: "https://relais.nest.sn/" } },
  });
});

const issueField = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { issues: { field: string }[] } } }).error.details.issues[0]?.field;

const goodAnswers = { accueil: 5, attente: 4, soins: 5, information: 4, proprete: 5, nps: 9, commentaire: "Très bien" };

async function siteCode(): Promise<string> {
  const { settings } = await getSettings(t.current.system);
  return settings.sites[0]?.code ?? "CLINIQUE";
}

async function formVersion(client: Client, kind = "after_first_visit"): Promise<number> {
  const forms = await client.request("GET", "/api/surveys/forms");
  return forms.json().items.find((f: { kind: string }) => f.kind === kind).version;
}

/** Sends a link and returns its token, read from the queued SMS (the only place it is written). */
async function invite(client: Client, personId: string, kind = "after_first_visit") {
  const response = await client.request("POST", "/api/surveys/invitations", { personId, kind, site: await siteCode() });
  expect(response.statusCode, response.body).toBe(201);
  const [sms] = await t.current.services.database.db
    .select()
    .from(smsMessages)
    .where(eq(smsMessages.id, response.json().sms.id));
  const token = /\/s\/([A-Za-z0-9_-]+)/.exec(sms?.text ?? "")?.[1];
  if (!token) throw new Error(`no link in ${sms?.text}`);
  return { invitation: response.json(), token, sms };
}

const form = (fields: Record<string, string | number>) => ({
  payload: new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

const post = (token: string, fields: Record<string, string | number>) =>
  t.current.app.inject({ method: "POST", url: `/s/${token}`, ...form(fields) });

const linkAnswers = Object.fromEntries(Object.entries(goodAnswers).map(([k, v]) => [`q_${k}`, v]));

describe("questionnaires", () => {
  it("ship with the French defaults, version 1, and an admin's edit makes version 2 (validation names the field)", async () => {
    const admin = await t.current.signIn("admin");
    const forms = await admin.request("GET", "/api/surveys/forms");
    expect(forms.statusCode).toBe(200);
    const discharge = forms.json().items.find((f: { kind: string }) => f.kind === "discharge");
    expect(discharge.version).toBe(1);
    expect(discharge.questions.map((q: { code: string }) => q.code)).toEqual([
      "accueil",
      "attente",
      "soins",
      "information",
      "proprete",
      "nps",
      "commentaire",
    ]);
    expect(discharge.questions[5].label).toBe("Recommanderiez-vous NEST à un proche ?");

    const duplicate = await admin.request("PUT", "/api/surveys/forms/discharge", {
      version: 1,
      questions: [...discharge.questions, { ...discharge.questions[0], label: "Encore" }],
    });
    expect([duplicate.statusCode, issueField(duplicate)]).toEqual([422, "questions.7.code"]);
    const badCode = await admin.request("PUT", "/api/surveys/forms/discharge", {
      version: 1,
      questions: [{ code: "Accueil é", type: "score", label: "x", required: true }],
    });
    expect([badCode.statusCode, issueField(badCode)]).toEqual([400, "questions.0.code"]);

    const questions = [
      ...discharge.questions.slice(0, 5),
      discharge.questions[5],
      { code: "repas", type: "score", label: "Les repas", required: false },
    ];
    const saved = await admin.request("PUT", "/api/surveys/forms/discharge", { version: 1, questions });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ kind: "discharge", version: 2 });
    const stale = await admin.request("PUT", "/api/surveys/forms/discharge", { version: 1, questions });
    expect(stale.statusCode).toBe(409);
    const secretary = await t.current.signIn("crm_secretary");
    expect((await secretary.request("PUT", "/api/surveys/forms/discharge", { version: 2, questions })).statusCode).toBe(
      403,
    );
  });
});

describe("answers by staff", () => {
  it("stores an anonymous answer with no person, no instant, and an audit event that names nobody", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system);
    const version = await formVersion(secretary);
    const response = await secretary.request("POST", "/api/surveys/responses", {
      kind: "after_first_visit",
      formVersion: version,
      channel: "phone",
      anonymous: true,
      site: await siteCode(),
      answers: { ...goodAnswers, soins: 2, commentaire: `Attente trop longue (${patient.lastName})` },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      id: null,
      anonymous: true,
      personId: null,
      answeredOn: "2026-03-02",
      lowScore: true,
    });
    const rows = await t.current.services.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.answeredOn, "2026-03-02"));
    const row = rows.find((r) => r.comment?.includes(patient.lastName));
    expect(row).toMatchObject({ personId: null, anonymous: true, channel: "phone", formVersion: version });
    expect(Object.keys(row ?? {})).not.toContain("createdAt");
    const audits = await t.current.services.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "survey_response.create"));
    const anonymousAudit = audits.filter((a) => (a.after as { anonymous?: boolean }).anonymous);
    expect(anonymousAudit.length).toBeGreaterThan(0);
    for (const a of anonymousAudit) {
      expect(a.entityId).toBeNull();
      expect(JSON.stringify(a.after)).not.toContain(patient.id);
      expect(JSON.stringify(a.after)).not.toContain(row?.id ?? "-");
      expect(JSON.stringify(a.after)).not.toContain("Attente trop longue");
    }
  });

  it("a nominative answer names the person; validation names each field", async () => {
    const secretary = await t.current.signIn("reception");
    const patient = await buildPatient(t.current.system);
    const version = await formVersion(secretary);
    const base = {
      kind: "after_first_visit",
      formVersion: version,
      channel: "desk",
      anonymous: false,
      personId: patient.id,
    };
    const ok = await secretary.request("POST", "/api/surveys/responses", { ...base, answers: goodAnswers });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ personId: patient.id, anonymous: false, lowScore: false, channel: "desk" });
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ ...base, answers: { ...goodAnswers, accueil: 6 } }, "answers.accueil"],
      [{ ...base, answers: { ...goodAnswers, nps: 11 } }, "answers.nps"],
      [{ ...base, answers: { ...goodAnswers, attente: null } }, "answers.attente"],
      [{ ...base, answers: { ...goodAnswers, humeur: 3 } }, "answers.humeur"],
      [{ ...base, personId: undefined, answers: goodAnswers }, "personId"],
      [{ ...base, anonymous: true, answers: goodAnswers }, "personId"],
      [{ ...base, site: "NULLE_PART", answers: goodAnswers }, "site"],
      [{ ...base, channel: "link", answers: goodAnswers }, "channel", 400],
      [{ ...base, formVersion: 99, answers: goodAnswers }, "formVersion"],
    ];
    for (const [body, field, status = 422] of cases) {
      const refused = await secretary.request("POST", "/api/surveys/responses", body);
      expect([refused.statusCode, issueField(refused)], field).toEqual([status, field]);
    }
    const viewer = await t.current.signIn("viewer");
    expect((await viewer.request("POST", "/api/surveys/responses", { ...base, answers: goodAnswers })).statusCode).toBe(
      403,
    );
  });
});

describe("personal links", () => {
  it("sends an SMS with a single-use link; the page shows her first name only; an anonymous answer names nobody", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system, {
      firstName: "Khady",
      lastName: "Diouf",
      phones: ["771234567"],
    });
    const { invitation, token, sms } = await invite(secretary, patient.id);
    expect(sms).toMatchObject({
      kind: "survey_link",
      status: "queued",
      personId: patient.id,
      toPhone: "+221771234567",
    });
    expect(sms?.text).toContain("Bonjour Khady");
    expect(sms?.text).toContain(`https://relais.nest.sn/s/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitation.expiresAt).toBe("2026-03-16T09:00:00.000Z");
    const [stored] = await t.current.services.database.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.id, invitation.id));
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await t.current.app.inject({ method: "GET", url: `/s/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain("Khady");
    expect(page.body).not.toContain("Diouf");
    expect(page.body).not.toContain("77 123");
    expect(page.body).not.toContain("1234567");
    expect(page.body).not.toContain("<script");
    expect(page.body).toContain("Recommanderiez-vous NEST à un proche ?");

    // A blank required answer shows the form again with the error, nothing stored.
    const missing = await post(token, { ...linkAnswers, q_soins: "" });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain("Merci de répondre à cette question.");

    t.current.clock.set("2026-03-05T18:30:00Z");
    const done = await post(token, {
      ...linkAnswers,
      q_nps: 3,
      q_commentaire: "Khady Diouf pas contente",
      mode: "anonymous",
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain("Merci pour vos réponses");
    const [row] = await t.current.services.database.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.comment, "Khady Diouf pas contente"));
    expect(row).toMatchObject({
      personId: null,
      anonymous: true,
      channel: "link",
      answeredOn: "2026-03-05",
      nps: 3,
      lowScore: true,
    });
    const [used] = await t.current.services.database.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.id, invitation.id));
    expect(used?.usedOn).toBe("2026-03-05");

    // Used: the page and a second answer get the same page as an unknown token.
    const again = await post(token, linkAnswers);
    const reopened = await t.current.app.inject({ method: "GET", url: `/s/${token}` });
    const unknown = await t.current.app.inject({ method: "GET", url: `/s/${"A".repeat(43)}` });
    expect([again.statusCode, reopened.statusCode, unknown.statusCode]).toEqual([404, 404, 404]);
    expect(reopened.body).toBe(unknown.body);
    expect(again.body).toBe(unknown.body);
    expect(reopened.body).not.toContain("Khady");
  });

  it("expires after 14 days; a nominative answer names her", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system, { firstName: "Ndeye" });
    const late = await invite(secretary, patient.id, "discharge");
    const onTime = await invite(secretary, patient.id, "discharge");
    t.current.clock.set("2026-03-16T08:59:59Z");
    const before = await t.current.app.inject({ method: "GET", url: `/s/${late.token}` });
    expect(before.statusCode).toBe(200);
    const nominative = await post(onTime.token, { ...linkAnswers, mode: "nominative" });
    expect(nominative.statusCode, nominative.body).toBe(200);
    const rows = await t.current.services.database.db
      .select()
      .from(surveyResponses)
      .where(and(eq(surveyResponses.personId, patient.id), eq(surveyResponses.kind, "discharge")));
    expect(rows).toMatchObject([{ anonymous: false, channel: "link", answeredOn: "2026-03-16" }]);
    t.current.clock.set("2026-03-16T09:00:00Z");
    const expired = await t.current.app.inject({ method: "GET", url: `/s/${late.token}` });
    expect(expired.statusCode).toBe(404);
    expect((await post(late.token, linkAnswers)).statusCode).toBe(404);
  });

  it("no link without the public address; a person who declined SMS gets a skipped one", async () => {
    const secretary = await t.current.signIn("crm_secretary");
    const patient = await buildPatient(t.current.system);
    const { version, settings } = await getSettings(t.current.system);
    await updateSettings(t.current.system, {
      version,
      settings: { ...settings, surveys: { ...settings.surveys, publicBaseUrl: "" } },
    });
    try {
      const refused = await secretary.request("POST", "/api/surveys/invitations", {
        personId: patient.id,
        kind: "discharge",
      });
      expect([refused.statusCode, refused.json().error.code]).toEqual([409, "survey_link_base_missing"]);
    } finally {
      const current = await getSettings(t.current.system);
      await updateSettings(t.current.system, { version: current.version, settings });
    }
    const noPhone = await buildPatient(t.current.system, { phones: ["338210000"] });
    const skipped = await secretary.request("POST", "/api/surveys/invitations", {
      personId: noPhone.id,
      kind: "discharge",
    });
    expect(skipped.statusCode, skipped.body).toBe(201);
    expect(skipped.json().sms.status).toBe("skipped");
    const bad = await secretary.request("POST", "/api/surveys/invitations", { personId: patient.id, kind: "birth" });
    expect([bad.statusCode, issueField(bad)]).toEqual([400, "kind"]);
  });
});

describe("results", () => {
  it("response rate, averages, NPS, comments per month and site; XLSX export formula-safe", async () => {
    t.current.clock.set("2026-04-10T09:00:00Z");
    const secretary = await t.current.signIn("crm_secretary");
    const version = await formVersion(secretary);
    const site = await siteCode();
    const patient = await buildPatient(t.current.system);
    await invite(secretary, patient.id);
    for (const [nps, comment] of [
      [10, '=HYPERLINK("http://x")'],
      [9, "Super 👍 merci"],
      [3, "Bof"],
    ] as const) {
      const r = await secretary.request("POST", "/api/surveys/responses", {
        kind: "after_first_visit",
        formVersion: version,
        channel: "phone",
        anonymous: true,
        site,
        answers: { ...goodAnswers, accueil: nps === 3 ? 1 : 5, nps, commentaire: comment },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const results = await secretary.request(
      "GET",
      "/api/surveys/results?from=2026-04&to=2026-04&kind=after_first_visit",
    );
    expect(results.statusCode, results.body).toBe(200);
    const april = results.json().months[0];
    expect(april).toMatchObject({
      month: "2026-04",
      responses: 3,
      asked: 1,
      responseRate: 300,
      npsAnswers: 3,
      lowScores: 1,
    });
    // 2 promoters, 1 detractor out of 3: 33.
    expect(april.nps).toBe(33);
    expect(april.areas.accueil).toBeCloseTo(3.67, 2);
    expect(
      results
        .json()
        .comments.map((c: { comment: string }) => c.comment)
        .sort(),
    ).toEqual(['=HYPERLINK("http://x")', "Bof", "Super 👍 merci"]);
    expect(results.json().bySite[0]).toMatchObject({ site, responses: 3 });

    const bad = await secretary.request("GET", "/api/surveys/results?from=2026-05&to=2026-04");
    expect([bad.statusCode, issueField(bad)]).toEqual([422, "to"]);

    const file = await secretary.request("GET", "/api/surveys/results.xlsx?from=2026-04&to=2026-04");
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const comments = workbook.getWorksheet("Commentaires");
    const values = comments?.getColumn(5).values.map(String) ?? [];
    expect(values).toContain('\'=HYPERLINK("http://x")');
    expect(workbook.getWorksheet("Par mois")?.getRow(2).getCell(1).value).toBe("2026-04");

    // The monthly quality report has procedure 5's page and sheet.
    const report = await monthlyReport(t.current.system, { month: "2026-04" }, "pdf", { compress: false });
    const text = pdfText(report.buffer);
    expect(text).toContain("Procédure 5 — Enquêtes de satisfaction — avril 2026");
    expect(text).toContain("Bof");
    const sheet = await monthlyReport(t.current.system, { month: "2026-04" }, "xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.buffer as unknown as ArrayBuffer);
    expect(book.getWorksheet("Enquêtes (P5)")?.getRow(2).values).toEqual([undefined, "Réponses", 3]);
  });
});

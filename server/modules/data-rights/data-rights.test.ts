import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../clock.ts";
import { systemActor } from "../../context.ts";
import { type Client, setupTestApp } from "../../test/app.ts";
import { buildPatient, buildProspect } from "../../test/factories.ts";
import { pdfText } from "../../test/pdf-text.ts";
import { recordConsent } from "../consents/record-consent.ts";
import { startInProcessScheduler } from "../followup/scheduler.ts";
import { followUpWorld } from "../followup/test-support.ts";
import { readSettings, updateSettings } from "../settings/settings.ts";
import { currentForm } from "../surveys/forms.ts";
import { exportPersonData } from "./export-person-data.ts";
import { PERSON_COLUMNS, SECTIONS } from "./person-data.ts";

/** Monday 30 November 2026 in Dakar (UTC+0). */
const NOW = "2026-11-30T10:00:00Z";
const t = setupTestApp({ now: NOW });

const manager = (): Promise<Client> => t.current.signIn("prospects_manager");
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  t.current.services.database.query<T>(text, params);

/** A prospect with something in every section a prospect can have: the tests' « rich fixture ». */
async function richProspect() {
  const { system, clock } = t.current;
  const person = await buildProspect(system, {
    lastName: "Ndiaye",
    firstName: "Mariama",
    email: "mariama.ndiaye@example.sn",
    notes: "Préfère être appelée le matin",
    firstContactDate: "2026-11-02",
    origin: "website",
  });
  const client = await manager();
  const interaction = await client.request("POST", `/api/prospects/${person.id}/interactions`, {
    channel: "phone_in",
    comment: "Demande le prix de l'accouchement, rappeler Mariama",
    reached: true,
  });
  expect(interaction.statusCode, interaction.body).toBe(201);
  await system.database.db.transaction((tx) =>
    recordConsent(tx, clock, system.actor, {
      personId: person.id,
      purpose: "newsletter",
      channel: "email",
      granted: true,
      source: "call",
      note: "Accord donné par Mariama au téléphone",
    }),
  );
  await currentForm(system.database.db, "after_first_visit", clock.now());
  const phone = person.phones[0];
  await q(
    `insert into calls (channel, received_at, phone, caller_name, request, person_id, created_at, updated_at)
     values ('phone', $1, $2, 'Mariama Ndiaye', 'Prix accouchement', $3, $1, $1)`,
    [NOW, phone, person.id],
  );
  await q(
    `insert into appointments (person_id, site, starts_at, ends_at, status, reason, notes, created_at, updated_at)
     values ($1, 'PLATEAU', '2026-12-03T10:00:00Z', '2026-12-03T10:30:00Z', 'scheduled', 'Visite de la maternité', 'Vient avec son mari', $2, $2)`,
    [person.id, NOW],
  );
  await q(
    `insert into sms_messages (kind, person_id, to_phone, text, encoding, segments, status, next_attempt_at, created_at)
     values ('appointment_reminder', $1, $2, 'Bonjour Mariama, rappel de votre rendez-vous', 'gsm7', 1, 'sent', $3, $3)`,
    [person.id, phone, NOW],
  );
  await q(
    `insert into sms_messages (kind, person_id, to_phone, text, encoding, segments, status, next_attempt_at, created_at)
     values ('appointment_reminder', $1, $2, 'Bonjour Mariama, à demain', 'gsm7', 1, 'queued', $3, $3)`,
    [person.id, phone, NOW],
  );
  await q(
    `insert into outbox_emails (purpose, from_address, to_addresses, subject, body_text, person_id, status, next_attempt_at, created_at)
     values ('documentation', 'info@nest.sn', '{mariama.ndiaye@example.sn}', 'Documentation NEST', 'Bonjour Mariama', $1, 'sent', $2, $2)`,
    [person.id, NOW],
  );
  await q(
    `insert into survey_responses (kind, form_version, answered_on, channel, anonymous, person_id, scores, nps, comment, low_score)
     values ('after_first_visit', 1, '2026-11-20', 'phone', false, $1, '{"accueil": 5}', 9, 'Très bon accueil', false)`,
    [person.id],
  );
  // An anonymous answer: never tied to her, never in her export.
  await q(
    `insert into survey_responses (kind, form_version, answered_on, channel, anonymous, person_id, scores, nps, comment, low_score)
     values ('after_first_visit', 1, '2026-11-21', 'link', true, null, '{"accueil": 2}', 3, 'Réponse anonyme', true)`,
  );
  return person;
}

describe("the export covers every table that names a person", () => {
  it("reads each table with a person column (a new one fails here until the export reads it)", async () => {
    const rows = await q<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = current_schema() and data_type = 'uuid'
         and (column_name in ('person_id', 'mother_id', 'child_id') or column_name like '%prospect_id'
              or column_name in ('merged_into_id', 'converted_to_id'))`,
    );
    const missing = rows.filter((r) => !PERSON_COLUMNS[r.table_name]?.includes(r.column_name));
    expect(missing).toEqual([]);
    // And each table listed is read by a section.
    const text = SECTIONS.map(
      (s) => new PgDialect().sqlToQuery(s.query("00000000-0000-4000-8000-000000000000")).sql,
    ).join(" ");
    for (const table of Object.keys(PERSON_COLUMNS)) expect(text, table).toContain(table);
  });
});

describe("GET /api/people/:id/export.json and .pdf (right of access)", () => {
  it("gives every section of a rich record, nominative survey answers only, and audits the export", async () => {
    const person = await richProspect();
    const client = await manager();
    const response = await client.request("GET", `/api/people/${person.id}/export.json`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-disposition"]).toBe(
      'attachment; filename="donnees-personnelles-ndiaye-mariama-2026-11-30.json"',
    );
    const body = response.json() as { sections: Record<string, { rows: Record<string, unknown>[] }> };
    const count = (key: string) => body.sections[key]?.rows.length ?? -1;
    expect(body.sections.identity?.rows[0]).toMatchObject({ lastName: "Ndiaye", email: "mariama.ndiaye@example.sn" });
    expect(body.sections.identity?.rows[0]).not.toHaveProperty("lastNameKey");
    for (const key of [
      "phones",
      "interactions",
      "calls",
      "appointments",
      "consents",
      "consentStates",
      "sms",
      "emails",
    ]) {
      expect(count(key), key).toBeGreaterThan(0);
    }
    expect(body.sections.surveyResponses?.rows).toEqual([expect.objectContaining({ comment: "Très bon accueil" })]);
    expect(JSON.stringify(body)).not.toContain("Réponse anonyme");
    for (const spec of SECTIONS) expect(body.sections, spec.key).toHaveProperty(spec.key);

    const pdf = await client.request("GET", `/api/people/${person.id}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(/^attachment; filename="donnees-personnelles-ndiaye-mariama-/);
    const audits = await q<{ action: string; after: { format: string } }>(
      "select action, after from audit_events where action = 'person.access_export' and entity_id = $1 order by id",
      [person.id],
    );
    expect(audits.map((a) => a.after.format)).toEqual(["json", "pdf"]);
  });

  it("writes a readable French PDF naming her, the clinic, who exported, and each section", async () => {
    const person = await richProspect();
    const ctx = { ...t.current.services, actor: systemActor("Awa Diop") };
    const file = await exportPersonData(ctx, person.id, "pdf", { compress: false });
    const text = pdfText(file.content);
    expect(text).toContain("Mariama Ndiaye");
    expect(text).toContain("NEST");
    expect(text).toContain("30/11/2026");
    expect(text).toContain("Awa Diop");
    for (const title of ["Identité et coordonnées", "Interactions", "Rendez-vous", "Consentements (historique)"]) {
      expect(text).toContain(title);
    }
    expect(text).toContain("SMS envoyés");
    expect(text).toContain("03/12/2026");
  });

  it("is refused to reception, and 404 for an unknown record", async () => {
    const person = await buildProspect(t.current.system);
    const reception = await t.current.signIn("reception");
    for (const url of [`/api/people/${person.id}/export.json`, `/api/people/${person.id}/export.pdf`]) {
      expect((await reception.request("GET", url)).statusCode).toBe(403);
    }
    const admin = await t.current.signIn("admin");
    const missing = await admin.request("GET", "/api/people/00000000-0000-4000-8000-000000000000/export.json");
    expect(missing.statusCode).toBe(404);
  });
});

describe("POST /api/people/:id/anonymize", () => {
  it("replaces names and contacts everywhere, keeps the statistics, audits without her data", async () => {
    const person = await richProspect();
    const client = await manager();
    const report = async () =>
      (await client.request("GET", "/api/reports/conversion?from=2026-11-02&to=2026-11-02")).json();
    const before = await report();
    const wrong = await client.request("POST", `/api/people/${person.id}/anonymize`, {
      reason: "request",
      confirmName: "Fatou Ndiaye",
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details.issues[0].field).toBe("confirmName");

    const done = await client.request("POST", `/api/people/${person.id}/anonymize`, {
      reason: "request",
      note: "Demande écrite du 28/11",
      confirmName: "  mariama   ndiaye ",
    });
    expect(done.statusCode, done.body).toBe(200);

    const lookup = await client.request("GET", "/api/lookup?q=mariama");
    expect(JSON.stringify(lookup.json())).not.toContain(person.id);
    const byPhone = await client.request("GET", `/api/lookup?q=${encodeURIComponent(person.phones[0] ?? "")}`);
    expect(JSON.stringify(byPhone.json())).not.toContain(person.id);

    const view = await client.request("GET", `/api/prospects/${person.id}`);
    expect(view.json()).toMatchObject({ lastName: "Anonyme", email: null, birthDate: null, phones: [] });
    // Nothing left of her anywhere: names, phone, e-mail, free texts.
    const dump = JSON.stringify(
      await q(
        `select json_agg(t) as rows from (
          select row_to_json(p) as r from people p where p.id = $1
          union all select row_to_json(i) from interactions i where person_id = $1
          union all select row_to_json(c) from calls c where person_id = $1
          union all select row_to_json(a) from appointments a where person_id = $1
          union all select row_to_json(s) from sms_messages s where person_id = $1
          union all select row_to_json(o) from outbox_emails o where person_id = $1
          union all select row_to_json(e) from consent_events e where person_id = $1
          union all select row_to_json(e) from audit_events e where entity_id = $1::text
            or entity_id in (select id::text from interactions where person_id = $1)) t`,
        [person.id],
      ),
    );
    for (const piece of ["Mariama", "mariama", "Ndiaye", person.phones[0] ?? "x", "Préfère", "Vient avec"]) {
      expect(dump, piece).not.toContain(piece);
    }
    expect(dump).toContain("anonymisation (loi 2008-12)");
    // What was still waiting to leave to her does not leave any more.
    const sms = await q<{ status: string }>("select status from sms_messages where person_id = $1 order by status", [
      person.id,
    ]);
    expect(sms.map((m) => m.status)).toEqual(["cancelled", "sent"]);
    // Statistics kept: her cohort, interactions' dates and channels, the consent's proof.
    expect(await report()).toEqual(before);
    const [kept] = await q<{ n: number; channel: string; origin: string; temperature: string }>(
      `select (select count(*)::int from interactions where person_id = p.id) as n,
        (select channel from interactions where person_id = p.id limit 1) as channel, p.origin, p.temperature
       from people p where p.id = $1`,
      [person.id],
    );
    expect(kept).toEqual({ n: 1, channel: "phone_in", origin: "website", temperature: "hot" });
    const [consent] = await q<{ wording: string; granted: boolean }>(
      "select wording, granted from consent_events where person_id = $1",
      [person.id],
    );
    expect(consent?.granted).toBe(true);
    const [audit] = await q<{ after: { reason: string } }>(
      "select after from audit_events where action = 'person.anonymize' and entity_id = $1",
      [person.id],
    );
    expect(audit?.after.reason).toBe("request");
    expect(JSON.stringify(audit)).not.toContain("Mariama");

    const again = await client.request("POST", `/api/people/${person.id}/anonymize`, {
      reason: "request",
      confirmName: `${view.json().firstName} Anonyme`,
    });
    expect(again.statusCode).toBe(409);
  });

  it("refuses a patient and a converted prospect (409, in French), and reception (403)", async () => {
    const { system } = t.current;
    const client = await manager();
    const patient = await buildPatient(system, { firstName: "Awa", lastName: "Sarr" });
    const refused = await client.request("POST", `/api/people/${patient.id}/anonymize`, {
      reason: "request",
      confirmName: "Awa Sarr",
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, "data_rights.refused_patient"]);
    expect(refused.json().error.message).toMatch(/dossier médical/);

    const prospect = await buildProspect(system, { firstName: "Khady", lastName: "Fall" });
    const target = await buildPatient(system, { firstName: "Khady", lastName: "Fall" });
    const converted = await client.request("POST", `/api/prospects/${prospect.id}/convert`, {
      version: prospect.version,
      patientId: target.id,
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const refusedConverted = await client.request("POST", `/api/people/${prospect.id}/anonymize`, {
      reason: "request",
      confirmName: "Khady Fall",
    });
    expect([refusedConverted.statusCode, refusedConverted.json().error.code]).toEqual([
      409,
      "data_rights.refused_converted",
    ]);
    const status = await client.request("GET", `/api/people/${patient.id}/data-rights`);
    expect(status.json()).toMatchObject({ eligible: false, refusal: "patient" });

    const reception = await t.current.signIn("reception");
    const denied = await reception.request("POST", `/api/people/${prospect.id}/anonymize`, {
      reason: "request",
      confirmName: "Khady Fall",
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe("retention: prospects without contact for the settings' years", () => {
  it("anonymises one 3 years + 1 day without contact, not one 2 years 364 days, and a second run finds nobody", async () => {
    const { system, clock } = t.current;
    clock.set("2023-11-29T09:00:00Z");
    const old = await buildProspect(system, {
      firstName: "Ancienne",
      lastName: "Gueye",
      firstContactDate: "2023-11-29",
    });
    clock.set("2023-12-01T09:00:00Z");
    const recent = await buildProspect(system, {
      firstName: "Recente",
      lastName: "Gueye",
      firstContactDate: "2023-12-01",
    });
    // As old, but she texted the clinic last week: that is a contact.
    const texted = await buildProspect(system, {
      firstName: "Ecrit",
      lastName: "Gueye",
      firstContactDate: "2023-11-29",
    });
    clock.set(NOW);
    await q(
      `insert into sms_replies (received_at, from_phone, text, meaning, person_id, needs_callback)
       values ($1, '+221770000001', 'Je veux un RDV', 'other', $2, true)`,
      [new Date("2026-11-23T10:00:00Z"), texted.id],
    );
    const admin = await t.current.signIn("admin");
    // A day ahead of today is refused: a typo would anonymise prospects still followed.
    const ahead = await admin.request("POST", "/api/data-rights/retention/run", { asOf: "2062-01-01" });
    expect([ahead.statusCode, ahead.json().error.code]).toEqual([422, "retention_as_of_out_of_range"]);
    expect((await admin.request("GET", "/api/data-rights/retention?asOf=2026-12-01")).statusCode).toBe(422);
    const preview = await admin.request("GET", "/api/data-rights/retention?asOf=2026-11-30");
    expect(preview.statusCode, preview.body).toBe(200);
    const ids = (preview.json().sample as { id: string }[]).map((s) => s.id);
    expect(ids).toContain(old.id);
    expect(ids).not.toContain(recent.id);
    expect(ids).not.toContain(texted.id);

    const run = await admin.request("POST", "/api/data-rights/retention/run", {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().anonymized).toBeGreaterThanOrEqual(1);
    const states = await q<{ id: string; anonymized_at: unknown; last_name: string }>(
      "select id, anonymized_at, last_name from people where id = any($1::uuid[])",
      [[old.id, recent.id]],
    );
    expect(states.find((s) => s.id === old.id)?.last_name).toBe("Anonyme");
    expect(states.find((s) => s.id === recent.id)?.anonymized_at).toBeNull();
    const second = await admin.request("POST", "/api/data-rights/retention/run", {});
    expect(second.json().anonymized).toBe(0);
    const audits = await q<{ action: string }>(
      "select action from audit_events where action in ('person.anonymize', 'data_rights.retention_run') and (entity_id = $1 or entity_type = 'data_rights')",
      [old.id],
    );
    expect(audits.map((a) => a.action).sort()).toEqual([
      "data_rights.retention_run",
      "data_rights.retention_run",
      "person.anonymize",
    ]);
    // An interaction within the period keeps a record: the manager may not run it (admin only).
    const managerClient = await manager();
    expect((await managerClient.request("POST", "/api/data-rights/retention/run", {})).statusCode).toBe(403);
  });
});

describe("the daily retention step", () => {
  it("runs with the scheduler's full run, as Relais itself, and audits one summary", async () => {
    const { system, clock, services } = t.current;
    clock.set("2022-06-01T09:00:00Z");
    const old = await buildProspect(system, {
      firstName: "Oubliee",
      lastName: "Diallo",
      firstContactDate: "2022-06-01",
    });
    clock.set(NOW);
    let tick: (() => Promise<void>) | undefined;
    const scheduler = startInProcessScheduler(services, {
      everyMs: 15 * MINUTE_MS,
      firstDelayMs: 5_000,
      timer: (next) => {
        tick ??= next;
        return { cancel: () => {} };
      },
    });
    await tick?.();
    await scheduler.stop();
    const [row] = await q<{ last_name: string }>("select last_name from people where id = $1", [old.id]);
    expect(row?.last_name).toBe("Anonyme");
    const audits = await q<{ actor_label: string; after: { reason: string } }>(
      "select actor_label, after from audit_events where action = 'person.anonymize' and entity_id = $1",
      [old.id],
    );
    expect(audits).toEqual([
      { actor_label: "conservation des données", after: expect.objectContaining({ reason: "retention" }) },
    ]);
  });
});

describe("the processing register", () => {
  it("reflects the settings, as JSON and PDF", async () => {
    const { system, services } = t.current;
    const { version, settings } = await readSettings(services.database.db);
    await updateSettings(system, {
      version,
      settings: {
        ...settings,
        dataProtection: {
          prospectRetentionYears: 5,
          controllerName: "SARL Clinique NEST",
          privacyContact: "dpo@nest.sn",
          cdpReference: "CDP-2026-042",
        },
      },
    });
    const client = await manager();
    const register = await client.request("GET", "/api/data-rights/register");
    expect(register.statusCode, register.body).toBe(200);
    const body = register.json();
    expect(body).toMatchObject({
      controllerName: "SARL Clinique NEST",
      privacyContact: "dpo@nest.sn",
      cdpReference: "CDP-2026-042",
      prospectRetentionYears: 5,
    });
    expect(body.processings.map((p: { code: string }) => p.code)).toEqual([
      "prospects",
      "patients",
      "reminders",
      "surveys",
      "newsletters",
      "mothersGroup",
      "audit",
    ]);
    expect(body.processings[0].retention).toMatch(/^5 an/);
    const pdf = await client.request("GET", "/api/data-rights/register.pdf");
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-disposition"]).toBe('attachment; filename="registre-des-traitements.pdf"');
    const reception = await t.current.signIn("reception");
    expect((await reception.request("GET", "/api/data-rights/register")).statusCode).toBe(403);
  });
});

// Last: these run the follow-up engine after NOW, which would make the scheduler test above skip its full run.
describe("anonymising several recipients of one campaign", () => {
  it("works for each (their addresses are blanked one by one, the campaign's unique keys hold)", async () => {
    const { system } = t.current;
    const now = new Date(NOW);
    const [campaign] = await q<{ id: string }>(
      `insert into campaigns (name, purpose, channels, status, created_at, updated_at)
       values ('Newsletter', 'newsletter', '{email}', 'sent', $1, $1) returning id`,
      [now],
    );
    const client = await manager();
    for (const [i, firstName] of ["Ndeye", "Fatou"].entries()) {
      const prospect = await buildProspect(system, { firstName, lastName: "Gaye", email: `${firstName}@example.sn` });
      await q(
        `insert into campaign_recipients (campaign_id, person_id, channel, address, status)
         values ($1, $2, 'email', $3, 'sent')`,
        [campaign?.id, prospect.id, `${firstName.toLowerCase()}${i}@example.sn`],
      );
      const done = await client.request("POST", `/api/people/${prospect.id}/anonymize`, {
        reason: "request",
        confirmName: `${firstName} Gaye`,
      });
      expect(done.statusCode, done.body).toBe(200);
    }
    const addresses = await q<{ address: string }>("select address from campaign_recipients where campaign_id = $1", [
      campaign?.id,
    ]);
    expect(addresses.map((a) => a.address)).toEqual([
      expect.stringMatching(/^anonymised:/),
      expect.stringMatching(/^anonymised:/),
    ]);
  });
});

describe("follow-up of an anonymised prospect", () => {
  it("closes her open tasks (« fiche anonymisée ») and the engine makes no new one", async () => {
    const w = followUpWorld(t);
    const prospect = await buildProspect(t.current.system, {
      firstName: "Coumba",
      lastName: "Diouf",
      temperature: "hot",
    });
    await w.run("2026-11-30T10:05:00Z");
    const open = async () =>
      q<{ rule: string; status: string; close_reason: string | null }>(
        "select rule, status, close_reason from follow_up_tasks where person_id = $1 order by created_at",
        [prospect.id],
      );
    expect((await open()).filter((task) => task.status === "open").length).toBeGreaterThan(0);
    const client = await manager();
    const done = await client.request("POST", `/api/people/${prospect.id}/anonymize`, {
      reason: "request",
      confirmName: "Coumba Diouf",
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await open()).every((task) => task.status === "closed" && task.close_reason === "anonymized")).toBe(true);
    await w.run("2026-12-02T10:05:00Z");
    expect((await open()).filter((task) => task.status === "open")).toEqual([]);
  });
});

describe("anonymising a record that others were merged into", () => {
  it("follows the whole chain of merges, and refuses while a converted prospect is in it", async () => {
    const { system } = t.current;
    const c = await buildProspect(system, { firstName: "Seynabou", lastName: "Kane" });
    const a = await buildProspect(system, { firstName: "Seynabou", lastName: "Kane" });
    const b = await buildProspect(system, { firstName: "Seynabou", lastName: "Kane", email: "seynabou@example.sn" });
    // B into A, then A into C: B still points at A.
    await q("update people set merged_into_id = $1 where id = $2", [a.id, b.id]);
    await q("update people set merged_into_id = $1 where id = $2", [c.id, a.id]);
    const client = await manager();
    const converted = await buildProspect(system, { firstName: "Seynabou", lastName: "Kane" });
    const patient = await buildPatient(system, { firstName: "Seynabou", lastName: "Kane" });
    await q("update people set source_prospect_id = $1 where id = $2", [converted.id, patient.id]);
    await q("update people set merged_into_id = $1 where id = $2", [c.id, converted.id]);
    const refused = await client.request("POST", `/api/people/${c.id}/anonymize`, {
      reason: "request",
      confirmName: "Seynabou Kane",
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, "data_rights.refused_converted"]);

    await q("update people set merged_into_id = null where id = $1", [converted.id]);
    const done = await client.request("POST", `/api/people/${c.id}/anonymize`, {
      reason: "request",
      confirmName: "Seynabou Kane",
    });
    expect(done.statusCode, done.body).toBe(200);
    const rows = await q<{ id: string; last_name: string; email: string | null }>(
      "select id, last_name, email from people where id = any($1::uuid[])",
      [[a.id, b.id, c.id]],
    );
    expect(rows.map((r) => [r.last_name, r.email])).toEqual([
      ["Anonyme", null],
      ["Anonyme", null],
      ["Anonyme", null],
    ]);
    // Nobody types her data back in.
    const [after] = await q<{ version: number }>("select version from people where id = $1", [c.id]);
    const edit = await client.request("PATCH", `/api/prospects/${c.id}`, { version: after?.version, lastName: "Kane" });
    expect([edit.statusCode, edit.json().error.code]).toEqual([409, "record_anonymized"]);
  });
});

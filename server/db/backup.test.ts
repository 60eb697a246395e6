import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { systemActor } from "../context.ts";
import { createApiKey } from "../modules/api-keys/api-keys.ts";
import { readSettings, updateSettings } from "../modules/settings/settings.ts";
import { createTestApp } from "../test/app.ts";
import { createTestDatabase } from "../test/database.ts";
import { buildUser } from "../test/factories.ts";
import { BackupError, backupDatabase, restoreDatabase } from "./backup.ts";
import type { Database } from "./client.ts";

const dir = mkdtempSync(path.join(tmpdir(), "relais-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const restorer = { clock: new ManualClock("2026-03-05T08:00:00Z"), actor: systemActor("test de restauration") };

/**
 * Every row of every table, in a stable order: two bases hold the same records when these
 * are equal. Sessions and login attempts are not backed up; the audit event the restore
 * itself writes is set apart.
 */
async function snapshot(database: Database) {
  const tables = await database.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sessions', 'login_attempts') order by 1",
  );
  const result: Record<string, unknown[]> = {};
  for (const { table_name } of tables) {
    result[table_name] = await database.query(
      `select * from "${table_name}" ${table_name === "audit_events" ? "where action <> 'database.restore'" : ""} order by 1`,
    );
  }
  return result;
}

describe("backup and restore", () => {
  it("give back an identical base, and new rows continue after the restored ones", async () => {
    const source = await createTestApp();
    const target = await createTestDatabase();
    try {
      const { system } = source;
      const admin = await source.signIn("admin");
      await buildUser(system, { email: "khady@nest.sn", firstName: "Khady", role: "crm_secretary" });
      await createApiKey(system, { name: "Eyone", role: "viewer" });
      const current = await readSettings(source.services.database.db);
      await updateSettings(system, {
        version: current.version,
        settings: { ...current.settings, clinicName: "NEST — « Sauvegarde » ✓" },
      });
      await admin.request("GET", "/api/audit");
      const file = path.join(dir, "full.relais.gz");
      const counts = await backupDatabase(source.services.database, file, source.clock.now());
      expect(counts.users).toBe(2);
      expect(counts.audit_events).toBeGreaterThanOrEqual(4);

      const before = await snapshot(source.services.database);
      await restoreDatabase(target.database, file, restorer);
      expect(await snapshot(target.database)).toEqual(before);
      // The restore is audited, and signs everyone out.
      const [restoreEvent] = await target.database.query<{ actor_label: string; occurred_at: Date }>(
        "select actor_label, occurred_at from audit_events where action = 'database.restore'",
      );
      expect(restoreEvent?.actor_label).toBe("test de restauration");
      expect(await target.database.query("select * from sessions")).toEqual([]);

      // Restoring over a base that has changed since puts it back as it was.
      await buildUser({ ...source.system, actor: systemActor() }, { email: "apres@nest.sn" });
      expect((await admin.request("GET", "/api/auth/me")).statusCode).toBe(200);
      await restoreDatabase(source.services.database, file, restorer);
      expect(await snapshot(source.services.database)).toEqual(before);
      expect((await admin.request("GET", "/api/auth/me")).statusCode).toBe(401);

      const [{ max }] = (await target.database.query<{ max: number }>(
        "select max(id)::int as max from audit_events",
      )) as [{ max: number }];
      await target.database.exec(
        "insert into audit_events (occurred_at, actor_type, actor_label, action, entity_type) values (now(), 'system', 't', 'x', 'y')",
      );
      const [{ next }] = (await target.database.query<{ next: number }>(
        "select max(id)::int as next from audit_events",
      )) as [{ next: number }];
      expect(next).toBe(max + 1);
    } finally {
      await source.close();
      await target.drop();
    }
  });

  it("refuses a truncated or foreign file and leaves the base untouched", async () => {
    const source = await createTestApp();
    try {
      await buildUser(source.system, { email: "reste@nest.sn" });
      const file = path.join(dir, "whole.relais.gz");
      await backupDatabase(source.services.database, file, source.clock.now());
      const before = await snapshot(source.services.database);

      const lines = gunzipSync(readFileSync(file)).toString("utf8").trim().split("\n");
      const truncated = path.join(dir, "truncated.relais.gz");
      writeFileSync(truncated, gzipSync(lines.slice(0, -1).join("\n")));
      await expect(restoreDatabase(source.services.database, truncated, restorer)).rejects.toThrow(/tronqué/);

      const foreign = path.join(dir, "foreign.gz");
      writeFileSync(foreign, gzipSync('{"hello":"world"}\n'));
      await expect(restoreDatabase(source.services.database, foreign, restorer)).rejects.toBeInstanceOf(BackupError);

      const notGzip = path.join(dir, "plain.txt");
      writeFileSync(notGzip, "nom;prenom\n");
      await expect(restoreDatabase(source.services.database, notGzip, restorer)).rejects.toBeInstanceOf(BackupError);

      expect(await snapshot(source.services.database)).toEqual(before);
    } finally {
      await source.close();
    }
  });

  it("reports a row the base refuses by its lines and code, in French, without its content", async () => {
    const source = await createTestApp();
    try {
      await buildUser(source.system, { email: "aminata.fall@nest.sn" });
      const file = path.join(dir, "doubled.relais.gz");
      await backupDatabase(source.services.database, file, source.clock.now());
      const before = await snapshot(source.services.database);
      // The same user twice: the unique e-mail refuses the second.
      const lines = gunzipSync(readFileSync(file)).toString("utf8").trim().split("\n");
      const at = lines.findIndex((line, i) => line.includes("aminata.fall@nest.sn") && i > lines.indexOf("T users"));
      lines.splice(at + 1, 0, lines[at] as string);
      const end = JSON.parse((lines.at(-1) as string).slice(2)) as { counts: Record<string, number> };
      end.counts.users = (end.counts.users ?? 0) + 1;
      lines[lines.length - 1] = `E ${JSON.stringify(end)}`;
      const doubled = path.join(dir, "doubled-twice.relais.gz");
      writeFileSync(doubled, gzipSync(lines.join("\n")));
      const failure = await restoreDatabase(source.services.database, doubled, restorer).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(BackupError);
      const message = (failure as Error).message;
      expect(message).toMatch(/table users, lignes \d+ à \d+ du fichier.*code 23505/);
      expect(message).not.toContain("aminata");
      expect(message).not.toMatch(/insert/i);
      expect(await snapshot(source.services.database)).toEqual(before);
    } finally {
      await source.close();
    }
  });
});

describe("backup fidelity", () => {
  it("keeps every digit of big integers and decimals, and the text of every character", async () => {
    const { database, drop } = await createTestDatabase();
    const file = path.join(dir, "types.relais.gz");
    try {
      await database.exec(`
        create table fidelity_types (id bigint primary key, amount numeric(12,2), label text, tags text[], at timestamptz, data jsonb, total bigint generated always as (id * 2) stored, n serial);
        insert into fidelity_types (id, amount, label, tags, at, data)
          values (9007199254740993, 1.10, E'Ndèye « N''Diaye »\\n😀', '{a,b}', '2026-03-02T09:00:00.123456Z', '{"x":[1,2.50,"é"]}');`);
      const before = await database.query("select *, n from fidelity_types");
      await backupDatabase(database, file, new Date("2026-03-02T10:00:00Z"));
      await database.exec("delete from fidelity_types; select setval('fidelity_types_n_seq', 1, false)");
      await restoreDatabase(database, file, restorer);
      expect(await database.query("select *, n from fidelity_types")).toEqual(before);
      await database.exec("insert into fidelity_types (id) values (1)");
      const [{ n }] = (await database.query<{ n: number }>("select n from fidelity_types where id = 1")) as [
        { n: number },
      ];
      expect(n).toBe(2);
    } finally {
      await drop();
    }
  });
});

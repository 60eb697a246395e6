import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDataDir } from "./db/data-dir-lock.ts";
import { projectRoot } from "./paths.ts";
import { createTestDatabase, type TestDatabase, testServerUrl } from "./test/database.ts";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "relais-cli-"));
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

/** The CLI runs as an administrator would run it: a separate process on the configured base. */
async function relais(...args: string[]) {
  try {
    const { stdout, stderr } = await run("node", [path.join(projectRoot, "bin/relais.js"), ...args], { env, cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
  delete base.DATABASE_URL;
  if (testServerUrl) {
    // A fresh PostgreSQL database, not migrated: `relais migrate` must do it.
    database = await createTestDatabase({ migrate: false });
    if (!("url" in database.database.driver)) throw new Error("expected a PostgreSQL test database");
    env = { ...base, DATABASE_URL: database.database.driver.url };
    await database.database.close();
  } else {
    env = { ...base, RELAIS_DATA_DIR: path.join(dir, "data") };
  }
});

afterAll(async () => {
  if (database) await database.drop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

// Each command is a process of its own that opens the base: slow by nature, so a generous limit.
const CLI_TEST_TIMEOUT = 180_000;

describe("relais CLI", () => {
  it(
    "migrates, creates users and API keys, and everything survives between runs",
    async () => {
      const migrate = await relais("migrate");
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toMatch(/niveau \d{4}_/);

      const created = await relais(
        "user",
        "create",
        "--email",
        "Awa.Ndiaye@nest.sn",
        "--first-name",
        "Awa",
        "--last-name",
        "Ndiaye",
        "--role",
        "reception",
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toContain("Compte créé : awa.ndiaye@nest.sn (reception)");
      expect(created.stdout).toMatch(/Mot de passe provisoire \(affiché une seule fois\) : \S{12,}/);

      const twice = await relais(
        "user",
        "create",
        "--email",
        "awa.ndiaye@nest.sn",
        "--first-name",
        "Awa",
        "--last-name",
        "Ndiaye",
        "--role",
        "reception",
      );
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain("Un utilisateur utilise déjà cette adresse e-mail.");

      const badRole = await relais("apikey", "create", "--name", "Eyone", "--role", "chef");
      expect(badRole.code).not.toBe(0);
      expect(badRole.stderr).toContain("rôle inconnu");

      const key = await relais("apikey", "create", "--name", "Eyone", "--role", "viewer");
      expect(key.code).toBe(0);
      expect(key.stdout).toMatch(/Jeton \(affiché une seule fois, à conserver\) : rls_\S{40,}/);

      const reset = await relais(
        "user",
        "reset-password",
        "--email",
        "AWA.NDIAYE@nest.sn",
        "--password",
        "baobab-provisoire-9",
      );
      expect(reset.code).toBe(0);
      const unknown = await relais("user", "reset-password", "--email", "personne@nest.sn");
      expect([unknown.code, unknown.stderr]).toEqual([1, "Erreur : Aucun compte n'a l'adresse personne@nest.sn.\n"]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    "imports the legacy prospect table, with a dry run first",
    async () => {
      const file = path.join(projectRoot, "server/modules/people/import/fixtures/tableau-suivi-prospects.csv");
      const dry = await relais("import", "prospects", file, "--dry-run");
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain("Vérification (rien n'est écrit) : 256 lignes — 252 créées");
      expect(dry.stderr).toContain("écriture");
      const real = await relais("import", "prospects", file);
      expect(real.stdout).toContain(
        "Import terminé : 256 lignes — 252 créées, 0 mises à jour, 0 inchangées, 4 refusées, 12 doublons signalés.",
      );
      expect(real.stdout).toContain("ligne 255, date_naissance : date inexistante (« 31/02/1991 »)");
      const again = await relais("import", "prospects", file);
      expect(again.stdout).toContain("0 créées, 0 mises à jour, 252 inchangées");
      const wrongKind = await relais("import", "clients", file);
      expect([wrongKind.code, wrongKind.stderr]).toEqual([1, "Erreur : Indiquez « prospects » ou « patients ».\n"]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    "runs the SMS reminders and outbox, and refuses an --as-of that is not a date or more than a week away",
    async () => {
      const now = await relais("sms", "run");
      expect([now.code, now.stderr]).toEqual([0, ""]);
      expect(now.stdout).toMatch(/^SMS au \S+Z : 0 rappel\(s\) écrit\(s\), 0 non envoyable\(s\), 0 envoyé\(s\)/);
      const wrong = await relais("sms", "run", "--as-of", "demain");
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain("--as-of : « demain » n'est pas une date valide.");
      const far = await relais("sms", "run", "--as-of", "2020-01-01T10:00Z");
      expect([far.code, far.stderr]).toEqual([
        1,
        "Erreur : L'instant du passage doit être à moins de 7 jours de maintenant.\n",
      ]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    "writes the conversion tracking table of a period to a file, and refuses a wrong period or format",
    async () => {
      // The legacy table imported above: 252 prospects created from 1 June to 11 December 2026.
      const file = path.join(dir, "suivi.csv");
      const report = await relais(
        "report",
        "conversion",
        "--from",
        "2026-06-01",
        "--to",
        "2026-12-11",
        "--as-of",
        "2027-01-01",
        "--out",
        file,
      );
      expect(report.code, report.stderr).toBe(0);
      const lines = report.stdout.trim().split("\n");
      expect(lines[0]).toBe("Suivi de la conversion des prospects créés du 01/06/2026 au 11/12/2026 : 252 prospects.");
      expect(lines).toHaveLength(1 + 10 + 1);
      expect(lines.at(-1)).toBe(`Fichier écrit : ${file}`);
      const counted = lines.slice(1, -1).map((line) => Number(line.trim().split(/\s+/).at(-1)));
      expect(counted.reduce((n, c) => n + c, 0)).toBe(252);
      const csv = readFileSync(file, "utf8");
      expect(csv.startsWith("\ufeffNom;Prénom;Téléphone;")).toBe(true);
      expect(csv.trim().split("\r\n")).toHaveLength(253);

      const backwards = await relais(
        "report",
        "conversion",
        "--from",
        "2026-11-05",
        "--to",
        "2026-11-04",
        "--out",
        file,
      );
      expect([backwards.code, backwards.stderr]).toEqual([
        1,
        "Erreur : to : la date de fin précède la date de début\n",
      ]);
      const pdf = await relais("report", "conversion", "--out", path.join(dir, "suivi.pdf"));
      expect(pdf.code).toBe(2);
      expect(pdf.stderr).toContain("doit finir par .xlsx ou .csv");
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    "backs up and restores the whole base, after confirmation only",
    async () => {
      const file = path.join(dir, "sauvegarde.relais.gz");
      const backup = await relais("backup", file);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/Sauvegarde écrite dans .*sauvegarde\.relais\.gz/);

      await relais(
        "user",
        "create",
        "--email",
        "apres@nest.sn",
        "--first-name",
        "A",
        "--last-name",
        "B",
        "--role",
        "viewer",
      );
      const refused = await relais("restore", file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("Restauration annulée");

      const restored = await relais("restore", file, "--yes");
      expect(restored.code).toBe(0);
      // The account made after the backup is gone; the one before it is back.
      const again = await relais(
        "user",
        "create",
        "--email",
        "apres@nest.sn",
        "--first-name",
        "A",
        "--last-name",
        "B",
        "--role",
        "viewer",
      );
      expect(again.code).toBe(0);
      const before = await relais("user", "reset-password", "--email", "awa.ndiaye@nest.sn");
      expect(before.code).toBe(0);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    "speaks French on a wrong command line, and prints one sentence, not a stack, when the base is in use",
    async () => {
      const unknown = await relais("migrate", "--nope");
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("Erreur : option inconnue « --nope »");
      expect(unknown.stderr).not.toMatch(/error:|unknown|Usage/);
      const command = await relais("sauvegarder");
      expect(command.stderr).toContain("Erreur : commande inconnue « sauvegarder »");
      const missing = await relais("restore");
      expect(missing.stderr).toContain("Erreur : argument obligatoire manquant : « fichier »");
      const value = await relais("user", "create", "--email");
      expect(value.stderr).toContain("valeur manquante pour l'option « --email <email> »");
      // The help too: headings, notes and the help option itself.
      for (const args of [["--help"], ["demo", "--help"], ["help", "user"], ["import", "--help"]]) {
        const help = await relais(...args);
        expect(help.code, args.join(" ")).toBe(0);
        expect(help.stdout).toMatch(/^Utilisation : relais/);
        expect(help.stdout, args.join(" ")).not.toMatch(
          /Usage|Options:|Commands:|Arguments:|default:|display help|\[command\]/,
        );
      }
      expect((await relais("demo", "--help")).stdout).toContain("(par défaut : ");

      if (!testServerUrl) {
        // A server holds the PGlite folder: the CLI says so in one French sentence.
        const release = lockDataDir(path.join(dir, "data"));
        try {
          const busy = await relais("migrate");
          expect(busy.code).toBe(1);
          expect(busy.stderr.trim().split("\n")).toHaveLength(1);
          expect(busy.stderr).toMatch(/^Erreur : Le dossier de données .* est déjà utilisé par le processus \d+/);
          expect(busy.stderr).not.toContain("    at ");
        } finally {
          release();
        }
      }
    },
    CLI_TEST_TIMEOUT,
  );
});

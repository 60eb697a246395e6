import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { Command, Help, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import { ROLES } from "../shared/roles.ts";
import { type Running, startServices } from "./bootstrap.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { type Ctx, systemActor } from "./context.ts";
import { BackupError, backupDatabase, restoreDatabase } from "./db/backup.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { readMigrationLevel } from "./db/migrate.ts";
import { describeError } from "./http/error-handler.ts";
import { AppError } from "./http/errors.ts";
import { createLogger } from "./logger.ts";
import { createApiKey } from "./modules/api-keys/api-keys.ts";
import { generatePassword } from "./modules/auth/password-strength.ts";
import { AsOfError, parseAsOf, resolveAsOf, runFollowUpCommand } from "./modules/followup/run-command.ts";
import { importPeople } from "./modules/people/import/import-people.ts";
import { conversionReportCommand, reportFormatOf } from "./modules/reports/report-command.ts";
import { readSettings } from "./modules/settings/settings.ts";
import { runSms } from "./modules/sms/sms.ts";
import { createUser } from "./modules/users/create-user.ts";
import { findUserByEmail } from "./modules/users/list-users.ts";
import { resetPassword } from "./modules/users/reset-password.ts";
import { createUserInput, passwordSchema } from "./modules/users/user.schema.ts";
import "./i18n/zod.ts";

/**
 * `relais` — the administrator's command line, on the same environment as the
 * server (DATABASE_URL or RELAIS_DATA_DIR). Each command calls the use cases
 * the API calls, as the "system" actor, so everything is audited alike.
 */

const out = (text: string) => process.stdout.write(`${text}\n`);

async function withServices<T>(work: (ctx: Ctx, running: Running) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const running = await startServices(config, createLogger("warn"));
  try {
    return await work({ ...running, actor: systemActor("ligne de commande") }, running);
  } finally {
    await running.shutdown();
  }
}

function role(value: string) {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`rôle inconnu ; rôles possibles : ${ROLES.join(", ")}`);
  }
  return value as (typeof ROLES)[number];
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return answer.trim().toUpperCase() === "OUI";
}

/** Commander's own error sentences, in French (they name the option, argument or command at fault). */
const COMMANDER_MESSAGES: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown option '(.+?)'/, (o) => `option inconnue « ${o} »`],
  [/^error: unknown command '(.+?)'/, (c) => `commande inconnue « ${c} »`],
  [/^error: missing required argument '(.+?)'/, (a) => `argument obligatoire manquant : « ${a} »`],
  [/^error: option '(.+?)' argument missing/, (o) => `valeur manquante pour l'option « ${o} »`],
  [/^error: required option '(.+?)' not specified/, (o) => `option obligatoire absente : « ${o} »`],
  [/^error: too many arguments/, () => "trop d'arguments"],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\. ?(.*)/s,
    (o, v, why) => `valeur « ${v} » invalide pour l'option « ${o} »${why ? ` : ${why}` : ""}`,
  ],
  [
    /^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\. ?(.*)/s,
    (v, a, why) => `valeur « ${v} » invalide pour l'argument « ${a} »${why ? ` : ${why}` : ""}`,
  ],
  [/^error: (.+?) cannot be used with (.+)/, (a, b) => `${a} ne peut pas être employée avec ${b}`],
];

/** Translates one of commander's error sentences; a suggestion ("Did you mean …?") follows in French. */
function frenchCommanderError(text: string): string {
  const [first = "", ...rest] = text.trim().split("\n");
  const suggestion = rest.join(" ").match(/Did you mean (.+?)\?/)?.[1];
  for (const [pattern, render] of COMMANDER_MESSAGES) {
    const match = first.match(pattern);
    if (match)
      return `Erreur : ${render(...match.slice(1))}${suggestion ? ` (vouliez-vous dire ${suggestion} ?)` : ""}.\n`;
  }
  return `Erreur : commande invalide.\n`;
}

/** The headings and notes commander writes in its help, in French. */
const HELP_TITLES: Record<string, string> = {
  "Usage:": "Utilisation :",
  "Arguments:": "Arguments :",
  "Options:": "Options :",
  "Global Options:": "Options générales :",
  "Commands:": "Commandes :",
};
const frenchNotes = (text: string) =>
  text.replace(/\((default|choices|preset|env): /g, (_, note: string) =>
    note === "default" ? "(par défaut : " : note === "choices" ? "(valeurs : " : `(${note} : `,
  );

const program = new Command("relais")
  .description("Relais — CRM de la clinique NEST")
  // Set before the commands are declared: each of them inherits it.
  .configureHelp({
    styleTitle: (title) => HELP_TITLES[title] ?? title,
    optionDescription: (option) => frenchNotes(new Help().optionDescription(option)),
    argumentDescription: (argument) => frenchNotes(new Help().argumentDescription(argument)),
  })
  .helpOption("-h, --help", "affiche l'aide de la commande")
  .helpCommand("help [commande]", "affiche l'aide d'une commande")
  .configureOutput({ outputError: (text, write) => write(frenchCommanderError(text)) })
  .showHelpAfterError("(« relais --help » ou « relais <commande> --help » affiche l'aide)");

program
  .command("migrate")
  .description("applique les migrations de la base en attente")
  .action(() =>
    withServices(async (_ctx, running) => {
      const level = await readMigrationLevel(running.database);
      out(`Base ${running.database.kind} au niveau ${level.current} (${level.applied} migrations appliquées).`);
    }),
  );

const user = program.command("user").description("comptes utilisateurs");

user
  .command("create")
  .description("crée un compte ; sans --password, un mot de passe provisoire est généré et affiché une fois")
  .requiredOption("--email <email>", "adresse e-mail")
  .requiredOption("--first-name <prénom>", "prénom")
  .requiredOption("--last-name <nom>", "nom")
  .addOption(new Option("--role <rôle>", "rôle").argParser(role).makeOptionMandatory())
  .option("--password <motdepasse>", "mot de passe provisoire (10 caractères au moins, pas un mot de passe courant)")
  .action((options: { email: string; firstName: string; lastName: string; role: string; password?: string }) =>
    withServices(async (ctx) => {
      const password = options.password ?? generatePassword(options);
      const input = createUserInput.parse({ ...options, password });
      const created = await createUser(ctx, input);
      out(`Compte créé : ${created.email} (${created.role}).`);
      if (!options.password) out(`Mot de passe provisoire (affiché une seule fois) : ${password}`);
    }),
  );

user
  .command("reset-password")
  .description("remplace le mot de passe d'un compte par un mot de passe provisoire")
  .requiredOption("--email <email>", "adresse e-mail du compte")
  .option("--password <motdepasse>", "nouveau mot de passe provisoire ; généré s'il est omis")
  .action((options: { email: string; password?: string }) =>
    withServices(async (ctx) => {
      const found = await findUserByEmail(ctx, options.email);
      if (!found) throw new CliError(`Aucun compte n'a l'adresse ${options.email}.`);
      const password = options.password ?? generatePassword(found);
      await resetPassword(ctx, found.id, passwordSchema.parse(password));
      out(`Mot de passe réinitialisé pour ${found.email} ; il devra être changé à la prochaine connexion.`);
      if (!options.password) out(`Mot de passe provisoire (affiché une seule fois) : ${password}`);
    }),
  );

program
  .command("apikey")
  .description("clés d'API des intégrations")
  .command("create")
  .description("crée une clé d'API et affiche son jeton une seule fois")
  .requiredOption("--name <nom>", "nom de l'intégration (ex. Eyone)")
  .addOption(new Option("--role <rôle>", "rôle de la clé").argParser(role).makeOptionMandatory())
  .action((options: { name: string; role: (typeof ROLES)[number] }) =>
    withServices(async (ctx) => {
      const { apiKey, token } = await createApiKey(ctx, { name: options.name, role: options.role });
      out(`Clé « ${apiKey.name} » créée (rôle ${apiKey.role}).`);
      out(`Jeton (affiché une seule fois, à conserver) : ${token}`);
    }),
  );

program
  .command("import")
  .description("importe le tableau de suivi des prospects ou un export patients du DPI (CSV ou XLSX)")
  .argument("<type>", "prospects ou patients")
  .argument("<fichier>", "fichier .csv ou .xlsx")
  .option("--dry-run", "vérifier seulement : rien n'est écrit")
  .action((kind: string, file: string, options: { dryRun?: boolean }) => {
    if (kind !== "prospects" && kind !== "patients") throw new CliError("Indiquez « prospects » ou « patients ».");
    if (!existsSync(file)) throw new CliError(`Fichier introuvable : ${file}`);
    return withServices(async (ctx) => {
      const bytes = readFileSync(file);
      const bar = (done: number, total: number) => {
        // While the file is read its number of rows is not known yet (total 0): the rows read.
        if (!total) return `${done} lignes lues`;
        const width = 30;
        const filled = Math.round((done / total) * width);
        return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
      };
      const report = await importPeople(ctx, kind === "prospects" ? "prospect" : "patient", bytes, {
        dryRun: Boolean(options.dryRun),
        onProgress: ({ phase, done, total }) => {
          const label = { read: "vérification", write: "écriture" }[phase];
          process.stderr.write(`\r  ${label.padEnd(12)} ${bar(done, total)}   `);
        },
      });
      process.stderr.write("\n");
      out(
        `${report.dryRun ? "Vérification (rien n'est écrit)" : "Import terminé"} : ${report.rows} lignes — ` +
          `${report.created} créées, ${report.updated} mises à jour, ${report.unchanged} inchangées, ${report.rejected} refusées` +
          (report.flaggedDuplicates ? `, ${report.flaggedDuplicates} doublons signalés` : "") +
          ".",
      );
      for (const error of report.errors) out(`  ligne ${error.line}, ${error.field} : ${error.reason}`);
      if (report.errorCount > report.errors.length) {
        out(
          `  … ${report.errorCount - report.errors.length} autres erreurs (${report.errors.length} premières listées sur ${report.errorCount}).`,
        );
      }
      if (report.ignoredColumns.length) out(`  colonnes ignorées : ${report.ignoredColumns.join(", ")}`);
    });
  });

program
  .command("backup")
  .description("sauvegarde toute la base dans un fichier")
  .argument(
    "[fichier]",
    "fichier de sauvegarde",
    `relais-${systemClock.now().toISOString().slice(0, 16).replace(/[:T]/g, "-")}.relais.gz`,
  )
  .action((file: string) =>
    withServices(async (ctx) => {
      const counts = await backupDatabase(ctx.database, file, ctx.clock.now(), ({ table, rows }) =>
        process.stderr.write(`\r  ${table} : ${rows} lignes   `),
      );
      process.stderr.write("\n");
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      out(`Sauvegarde écrite dans ${file} (${total} lignes, ${Object.keys(counts).length} tables).`);
    }),
  );

program
  .command("restore")
  .description("remplace TOUTE la base par le contenu d'une sauvegarde")
  .argument("<fichier>", "fichier de sauvegarde")
  .option("--yes", "ne pas demander de confirmation")
  .action((file: string, options: { yes?: boolean }) => {
    if (!existsSync(file)) throw new CliError(`Fichier introuvable : ${file}`);
    return withServices(async (ctx) => {
      const ok =
        options.yes ||
        (await confirm(
          `La base actuelle (${ctx.database.kind}) sera entièrement remplacée. Tapez OUI pour continuer : `,
        ));
      if (!ok) throw new CliError("Restauration annulée (confirmez avec OUI, ou --yes).");
      const counts = await restoreDatabase(ctx.database, file, ctx, ({ table, rows }) =>
        process.stderr.write(`\r  ${table} : ${rows} lignes   `),
      );
      process.stderr.write("\n");
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      out(`Base restaurée depuis ${file} (${total} lignes).`);
    });
  });

program
  .command("demo")
  .description(
    "ajoute des données de démonstration (prospects, patients, interactions, salles, catalogue, rendez-vous, appels) à une base sans fiches",
  )
  .option("--prospects <n>", "nombre de prospects", "300")
  .option("--patients <n>", "nombre de patients", "150")
  .option("--seed <n>", "graine du générateur (mêmes données pour la même graine)")
  .action((options: { prospects: string; patients: string; seed?: string }) =>
    withServices(async (ctx) => {
      const { seedDemo } = await import("./demo/seed-demo.ts");
      const count = (value: string | undefined, name: string, max = 100_000) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > max) throw new CliError(`--${name} : entier de 0 à ${max} attendu`);
        return n;
      };
      const result = await seedDemo(ctx, {
        asOf: ctx.clock.now(),
        prospects: count(options.prospects, "prospects"),
        patients: count(options.patients, "patients"),
        ...(options.seed === undefined ? {} : { seed: count(options.seed, "seed", 2 ** 32 - 1) }),
        onProgress: (done, total) => process.stderr.write(`\r  ${done}/${total} étapes   `),
      });
      if (result.seeded) process.stderr.write("\n");
      out(result.message);
      // The staff accounts' generated passwords, printed this once (only their hashes are stored).
      const { demoAccountLines } = await import("./demo/demo-accounts.ts");
      for (const line of demoAccountLines(result.accounts)) out(line);
    }),
  );

/** The --as-of option read (a French usage error, exit code 2, when it is not a date). */
function asOfOption(text: string | undefined): ReturnType<typeof parseAsOf> | undefined {
  try {
    return text === undefined ? undefined : parseAsOf(text);
  } catch (error) {
    if (error instanceof AsOfError) throw new CliError(error.message, 2);
    throw error;
  }
}

program
  .command("followup")
  .description("moteur de relances")
  .command("run")
  .description(
    "calcule les relances maintenant, ou à la date donnée : crée les tâches manquantes et clôture celles devenues sans objet",
  )
  .option(
    "--as-of <date>",
    "AAAA-MM-JJ (ce jour à l'heure de fermeture), AAAA-MM-JJTHH:MM (heure de la clinique) ou un instant avec décalage (…Z)",
  )
  .action((options: { asOf?: string }) => {
    const asOf = asOfOption(options.asOf);
    return withServices(async (ctx) => {
      for (const line of await runFollowUpCommand(ctx, asOf)) out(line);
    });
  });

program
  .command("sms")
  .description("SMS : rappels de rendez-vous et boîte d'envoi")
  .command("run")
  .description("écrit les rappels arrivés à échéance et envoie les SMS en attente, maintenant ou à l'instant donné")
  .option(
    "--as-of <date>",
    "AAAA-MM-JJTHH:MM (heure de la clinique) ou un instant avec décalage (…Z), à moins de 7 jours de maintenant",
  )
  .action((options: { asOf?: string }) => {
    const asOf = asOfOption(options.asOf);
    return withServices(async (ctx) => {
      const at = asOf ? resolveAsOf(asOf, (await readSettings(ctx.database.db)).settings) : undefined;
      const run = await runSms(ctx, at);
      out(
        `SMS au ${run.asOf} : ${run.queued} rappel(s) écrit(s), ${run.skipped} non envoyable(s), ${run.sent} envoyé(s), ` +
          `${run.retrying} à réessayer, ${run.failed} en échec, ${run.toCheck} à vérifier, ${run.cancelled} annulé(s), ` +
          `${run.waiting} en attente de la plage d'envoi.`,
      );
    });
  });

program
  .command("report")
  .description("rapports")
  .command("conversion")
  .description(
    "tableau de suivi de la conversion des prospects créés du --from au --to (par défaut : il y a 28 jours), en XLSX ou CSV",
  )
  .option("--from <jour>", "premier jour de création, AAAA-MM-JJ")
  .option("--to <jour>", "dernier jour de création, AAAA-MM-JJ (par défaut : --from)")
  .option(
    "--as-of <date>",
    "état des fiches à cette date (mêmes formes que followup run --as-of ; par défaut : maintenant)",
  )
  .requiredOption("--out <fichier>", "fichier à écrire : .xlsx ou .csv")
  .action((options: { from?: string; to?: string; asOf?: string; out: string }) => {
    const asOf = asOfOption(options.asOf);
    if (!reportFormatOf(options.out)) throw new CliError(`--out : « ${options.out} » doit finir par .xlsx ou .csv`, 2);
    return withServices(async (ctx) => {
      for (const line of await conversionReportCommand(ctx, { ...options, asOf })) out(line);
    });
  });

/** A refusal the user can act on: its message only, no stack; exit code 1, or 2 for a wrong argument. */
class CliError extends Error {
  exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

// The usage line of a command with subcommands, in French too.
for (const command of [program, ...program.commands]) {
  if (command.commands.length) command.usage("[options] [commande]");
}

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof z.ZodError
      ? error.issues.map((i) => `${i.path.join(".") || "valeur"} : ${i.message}`).join("\n")
      : error instanceof Error
        ? error.message
        : String(error);
  if (
    error instanceof CliError ||
    error instanceof AppError ||
    error instanceof z.ZodError ||
    error instanceof BackupError ||
    error instanceof DataDirLockedError ||
    error instanceof ConfigError ||
    error instanceof AsOfError
  ) {
    process.stderr.write(`Erreur : ${message}\n`);
  } else {
    // Not one of ours: its message may carry a query and its parameters (names, phones); its type and codes only.
    const { type, code, sqlState, stack } = describeError(error);
    const codes = [code, sqlState].filter(Boolean).join(", ");
    process.stderr.write(`Erreur inattendue (${type}${codes ? `, code ${codes}` : ""}) : rien n'a été modifié.\n`);
    if (process.env.LOG_LEVEL === "debug" && stack) process.stderr.write(`${stack}\n`);
  }
  process.exit(error instanceof CliError ? error.exitCode : 1);
});

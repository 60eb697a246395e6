import path from "node:path";
import { z } from "zod";
import { LIMITS } from "../shared/limits.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type SmsConfig, smsProviderFromEnv } from "./modules/sms/providers/config.ts";

/**
 * How often the follow-up engine may run by itself, in minutes: 0 (never), or a
 * period a cron expression keeps exact (it divides an hour, or a day in whole hours).
 */
export const FOLLOW_UP_INTERVALS: readonly number[] = [
  0, 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440,
];

/** Every environment variable Relais reads (the README's configuration table mirrors this). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url().optional(),
  DATABASE_REPLICA_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "une adresse postgres:// ou postgresql:// est attendue" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  RELAIS_DATA_DIR: z.string().default("./data"),
  RELAIS_ADMIN_EMAIL: z.email().default("admin@nest.sn"),
  RELAIS_ADMIN_PASSWORD: z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax).optional(),
  RELAIS_COOKIE_SECURE: z.enum(["true", "false"]).default("true"),
  RELAIS_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).default(120),
  RELAIS_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(14),
  RELAIS_TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "une adresse smtp:// ou smtps:// est attendue" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  RELAIS_FOLLOWUP_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .refine((minutes) => FOLLOW_UP_INTERVALS.includes(minutes), {
      error: `0 (aucune exécution automatique) ou un nombre de minutes divisant une heure ou une journée : ${FOLLOW_UP_INTERVALS.slice(1).join(", ")}`,
    })
    .default(15),
  RELAIS_SMS_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(10),
  RELAIS_BACKUP_TIME: z
    .string()
    .trim()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, {
      error: "une heure HH:MM (par exemple 02:30), ou off pour aucune sauvegarde automatique",
    })
    .default("02:30"),
});

export type DatabaseConfig =
  | {
      kind: "postgresql";
      url: string;
      /** DATABASE_REPLICA_URL: a read-only copy the reports, dashboards and exports read from (server/db/replica.ts). */
      replicaUrl?: string | undefined;
    }
  | { kind: "pglite"; dataDir: string | undefined };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  admin: { email: string; password: string | undefined };
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean;
  logLevel: string;
  /** Outgoing mail server (smtp://user:pass@host:587, smtps://…); absent: emails wait in the outbox. */
  smtpUrl: string | undefined;
  /** Minutes between automatic follow-up engine runs (0: none; the CLI and the API still run it). */
  followUpIntervalMinutes: number;
  /** The SMS provider (SMS_PROVIDER: log by default, nothing leaves) and the delivery-receipt secret. */
  sms: SmsConfig;
  /** At most this many SMS handed to the provider per second, all senders of this instance together. */
  smsRatePerSecond: number;
  /** PGlite: the clinic's wall-clock time of the daily automatic backup (server/db/auto-backup.ts); null: none. */
  backupTime: { hour: number; minute: number } | null;
  /** Built web app served in production; absent in tests and `npm run dev`. */
  webRoot: string | undefined;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once, at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Variable d'environnement invalide ${issue?.path.join(".")} : ${issue?.message}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      "Variable d'environnement invalide DATABASE_REPLICA_URL : une réplique ne sert qu'avec un serveur PostgreSQL (DATABASE_URL) ; la base intégrée (PGlite) n'en a pas.",
    );
  }
  const [hour, minute] = e.RELAIS_BACKUP_TIME.split(":").map(Number);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: "postgresql", url: e.DATABASE_URL, replicaUrl: e.DATABASE_REPLICA_URL }
      : { kind: "pglite", dataDir: path.resolve(e.RELAIS_DATA_DIR) },
    admin: { email: e.RELAIS_ADMIN_EMAIL, password: e.RELAIS_ADMIN_PASSWORD },
    cookieSecure: e.RELAIS_COOKIE_SECURE === "true",
    sessionIdleMinutes: e.RELAIS_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.RELAIS_SESSION_MAX_HOURS,
    trustProxy: e.RELAIS_TRUST_PROXY === "true",
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    followUpIntervalMinutes: e.RELAIS_FOLLOWUP_INTERVAL_MINUTES,
    sms: smsProviderFromEnv(env, clock),
    smsRatePerSecond: e.RELAIS_SMS_RATE_PER_SECOND,
    backupTime: e.RELAIS_BACKUP_TIME === "off" ? null : { hour: hour ?? 2, minute: minute ?? 30 },
    webRoot: undefined,
  };
}

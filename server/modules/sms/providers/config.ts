import { z } from "zod";
import type { Clock } from "../../../clock.ts";
import { ConfigError } from "../../../config.ts";
import { bodyTemplateProblem, createHttpGatewayProvider, DEFAULT_BODY_TEMPLATE } from "./http-gateway.ts";
import { createLogProvider } from "./log.ts";
import { createOrangeProvider } from "./orange.ts";
import type { SmsProvider } from "./provider.ts";

export const DEFAULT_ORANGE_API_URL = "https://api.orange.com";
/** Each HTTP exchange with a provider ends within this. */
export const SMS_TIMEOUT_MS = 30_000;

export interface SmsConfig {
  provider: SmsProvider;
  /** The secret Orange's delivery-receipt callbacks must carry; undefined: receipts are not accepted. */
  deliverySecret: string | undefined;
}

/** An empty variable counts as unset (a blank line in an .env file). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: "une adresse http:// ou https:// est attendue" });

const envSchema = z.object({
  SMS_PROVIDER: optional(
    z.enum(["orange", "http", "log"], { error: "orange, http ou log attendu (log par défaut : rien ne part)" }),
  ),
  SMS_ORANGE_CLIENT_ID: optional(z.string().trim()),
  SMS_ORANGE_CLIENT_SECRET: optional(z.string().trim()),
  SMS_ORANGE_SENDER: optional(
    z
      .string()
      .trim()
      .regex(/^[1-9]\d{7,14}$/, {
        error: "chiffres seuls, avec l'indicatif du pays et sans « + » (ex. 221770000000)",
      }),
  ),
  SMS_ORANGE_SENDER_NAME: optional(
    z.string().trim().max(11, { error: "11 caractères au plus (nom d'expéditeur enregistré chez Orange)" }),
  ),
  SMS_ORANGE_API_URL: optional(httpUrl),
  SMS_HTTP_URL: optional(httpUrl),
  SMS_HTTP_HEADER: optional(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:\s*\S.*$/, { error: "la forme « Nom: valeur » est attendue" }),
  ),
  SMS_HTTP_BODY: optional(
    z.string().refine((template) => bodyTemplateProblem(template) === undefined, {
      error: (issue) => `modèle JSON invalide : ${bodyTemplateProblem(String(issue.input))}`,
    }),
  ),
  SMS_DELIVERY_SECRET: optional(
    z.string().trim().min(16, { error: "16 caractères au moins (il protège l'adresse des accusés de réception)" }),
  ),
});

type Variable = keyof z.infer<typeof envSchema>;

function missing(variable: Variable, provider: string): string {
  return `${variable} manquant : requis quand SMS_PROVIDER=${provider}`;
}

/**
 * The SMS provider the environment asks for (log when SMS_PROVIDER is unset). Throws a ConfigError
 * naming each variable that is missing or invalid, in French, for the admin starting the server.
 */
export function smsProviderFromEnv(env: Record<string, string | undefined>, clock: Clock): SmsConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "SMS")} invalide : ${issue.message}`);
    throw new ConfigError(lines.join("\n"));
  }
  const vars = parsed.data;
  const kind = vars.SMS_PROVIDER ?? "log";
  const deliverySecret = vars.SMS_DELIVERY_SECRET;

  if (kind === "orange") {
    const absent = (["SMS_ORANGE_CLIENT_ID", "SMS_ORANGE_CLIENT_SECRET", "SMS_ORANGE_SENDER"] as const).filter(
      (variable) => vars[variable] === undefined,
    );
    if (absent.length > 0) throw new ConfigError(absent.map((variable) => missing(variable, "orange")).join("\n"));
    return {
      provider: createOrangeProvider({
        baseUrl: vars.SMS_ORANGE_API_URL ?? DEFAULT_ORANGE_API_URL,
        clientId: vars.SMS_ORANGE_CLIENT_ID as string,
        clientSecret: vars.SMS_ORANGE_CLIENT_SECRET as string,
        sender: vars.SMS_ORANGE_SENDER as string,
        senderName: vars.SMS_ORANGE_SENDER_NAME,
        clock,
        timeoutMs: SMS_TIMEOUT_MS,
      }),
      deliverySecret,
    };
  }

  if (kind === "http") {
    if (vars.SMS_HTTP_URL === undefined) throw new ConfigError(missing("SMS_HTTP_URL", "http"));
    const header = vars.SMS_HTTP_HEADER;
    const colon = header?.indexOf(":") ?? -1;
    return {
      provider: createHttpGatewayProvider({
        url: vars.SMS_HTTP_URL,
        headerName: header && colon > 0 ? header.slice(0, colon).trim() : undefined,
        headerValue: header && colon > 0 ? header.slice(colon + 1).trim() : undefined,
        bodyTemplate: vars.SMS_HTTP_BODY ?? DEFAULT_BODY_TEMPLATE,
        timeoutMs: SMS_TIMEOUT_MS,
        clock,
      }),
      deliverySecret,
    };
  }

  return { provider: createLogProvider(), deliverySecret };
}

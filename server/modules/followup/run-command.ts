import { TZDate } from "@date-fns/tz";
import { RULE_IDS, type RuleId } from "../../../shared/followup.ts";
import { isoDate } from "../../../shared/schemas.ts";
import type { Ctx } from "../../context.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import type { RunResult } from "./engine.ts";
import { runFollowUp } from "./run-followup.ts";

/**
 * `relais followup run [--as-of …]`: the engine as of an instant, from the
 * command line (trigger "cli", audited like a run from the app), with a report
 * in French. `--as-of` takes:
 * - a day, 2026-12-01: that day at the clinic's closing time (settings), the
 *   state of the follow-ups at the end of that working day;
 * - a wall-clock time, 2026-12-01T08:00 (seconds allowed): in the clinic's time zone;
 * - an instant with its offset, 2026-12-01T08:00Z or 2026-12-01T09:00+01:00.
 */

/** A value of --as-of refused, with the French message the CLI prints. */
export class AsOfError extends Error {}

export type AsOf =
  | { kind: "instant"; at: Date }
  | { kind: "local"; day: string; time: string }
  | { kind: "day"; day: string };

/** A date and time, seconds optional, with or without an offset (Z, +01:00, +0100). */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A real calendar day within the years the API accepts (1900 to 2999). */
const isDay = (day: string) => isoDate.safeParse(day).success && day >= "1900" && day < "3000";

/** Reads --as-of before the base is opened: only its form is checked here. */
export function parseAsOf(text: string): AsOf {
  const value = text.trim();
  if (isDay(value)) return { kind: "day", day: value };
  const match = DATE_TIME.exec(value);
  if (match) {
    const [, day = "", hours = "", minutes = "", seconds = "00", offset] = match;
    const valid = isDay(day) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60;
    const time = `${hours}:${minutes}:${seconds}`;
    if (valid && !offset) return { kind: "local", day, time };
    if (valid && offset) {
      const normalized = offset.toUpperCase() === "Z" ? "Z" : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
      const at = new Date(`${day}T${time}${normalized}`);
      if (!Number.isNaN(at.getTime())) return { kind: "instant", at };
    }
  }
  throw new AsOfError(
    `--as-of : « ${text} » n'est pas une date valide. Attendu : un jour AAAA-MM-JJ (à l'heure de fermeture de la clinique), ` +
      "une date et heure AAAA-MM-JJTHH:MM (heure de la clinique) ou un instant avec son décalage (2026-12-01T08:00Z).",
  );
}

/** The instant --as-of names, in the clinic's time zone and hours. */
export function resolveAsOf(asOf: AsOf, settings: Settings): Date {
  if (asOf.kind === "instant") return asOf.at;
  const time = asOf.kind === "day" ? `${settings.businessDays.closesAt}:00` : asOf.time;
  const [y, m, d] = asOf.day.split("-").map(Number) as [number, number, number];
  const [hh, mm, ss] = time.split(":").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, ss, settings.timeZone).getTime());
}

/** The rules' names in the report: the French labels of the web app (web/src/i18n/fr.json, `rules`). */
export const RULE_LABELS: Record<RuleId, string> = {
  "first-response": "Réponse à la première demande",
  "hot-48h": "Prospect chaud : appel à 48 h",
  "warm-48h": "Prospect tiède : appel à 48 h",
  "requalified-hot": "Requalifié chaud : appel à 48 h",
  "recall-7d": "Rappel 7 jours",
  "docs-pending": "Documentation à envoyer",
  "call-resume": "Ligne du registre à reprendre",
  "message-ack": "Message à prendre en compte",
  "sms-reply": "Réponse SMS à traiter",
  "new-patient-72h": "Nouveau patient : appel à 72 h",
  "week-36": "Grossesse : appel de 36 SA",
  "post-discharge-10d": "Après la sortie : appel à 10 jours",
  "entry-interview": "Nouveau patient : entretien d'entrée",
  "survey-low-score": "Réclamation / insatisfaction (enquête)",
  "vaccine-late": "Vaccin en retard : appeler les parents",
};

const dateTimeIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("fr-FR", { timeZone, dateStyle: "short", timeStyle: "medium" }).format(new Date(iso));

/** The report the CLI prints: per rule, tasks created and closed; the SLA rows; the duration. */
export function describeRun(result: RunResult, timeZone: string): string[] {
  const width = Math.max(...RULE_IDS.map((id) => RULE_LABELS[id].length), "Total".length);
  const row = (label: string, created: number | string, closed: number | string) =>
    `  ${label.padEnd(width)}  ${String(created).padStart(7)}  ${String(closed).padStart(9)}`;
  const total = { created: 0, closed: 0 };
  const lines = [
    `Relances calculées à la date du ${dateTimeIn(result.asOf, timeZone)} (${timeZone}).`,
    row("Règle", "créées", "clôturées"),
  ];
  for (const id of RULE_IDS) {
    const counts = result.counts[id] ?? { created: 0, closed: 0 };
    total.created += counts.created;
    total.closed += counts.closed;
    lines.push(row(RULE_LABELS[id], counts.created, counts.closed));
  }
  lines.push(row("Total", total.created, total.closed));
  lines.push(`Délais de première réponse mis à jour : ${result.sla}.`);
  lines.push(`Durée : ${result.durationMs} ms.`);
  return lines;
}

/** Runs the engine as the CLI asks (as of now without --as-of) and returns the report's lines. */
export async function runFollowUpCommand(ctx: Ctx, asOf: AsOf | undefined): Promise<string[]> {
  const { settings } = await readSettings(ctx.database.db);
  const at = asOf ? resolveAsOf(asOf, settings) : ctx.clock.now();
  const result = await runFollowUp(ctx, { asOf: at.toISOString() });
  return describeRun(result, settings.timeZone);
}

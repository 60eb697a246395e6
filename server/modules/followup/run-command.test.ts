import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../../shared/followup.ts";
import { projectRoot } from "../../paths.ts";
import { setupTestApp } from "../../test/app.ts";
import { readSettings } from "../settings/settings.ts";
import { AsOfError, parseAsOf, RULE_LABELS, resolveAsOf, runFollowUpCommand } from "./run-command.ts";
import { followUpWorld } from "./test-support.ts";

const t = setupTestApp({ now: "2026-03-04T10:00:00Z" });
const w = followUpWorld(t);

const settingsIn = async (timeZone: string) => {
  const { settings } = await readSettings(t.current.services.database.db);
  return { ...settings, timeZone };
};

describe("relais followup run --as-of", () => {
  it("reads a day as that day at the clinic's closing time, a bare time in the clinic's zone, an offset as given", async () => {
    const dakar = await settingsIn("Africa/Dakar");
    const paris = await settingsIn("Europe/Paris");
    const at = (text: string, settings = dakar) => resolveAsOf(parseAsOf(text), settings).toISOString();
    expect(dakar.businessDays.closesAt).toBe("18:00");
    expect(at("2026-12-01")).toBe("2026-12-01T18:00:00.000Z");
    expect(at("2026-12-01", paris)).toBe("2026-12-01T17:00:00.000Z");
    expect(at("2026-07-01", paris)).toBe("2026-07-01T16:00:00.000Z");
    expect(at("2026-12-01T08:00")).toBe("2026-12-01T08:00:00.000Z");
    expect(at("2026-12-01T08:00:30", paris)).toBe("2026-12-01T07:00:30.000Z");
    expect(at("2026-12-01T08:00Z", paris)).toBe("2026-12-01T08:00:00.000Z");
    expect(at("2026-12-01T08:00+01:00")).toBe("2026-12-01T07:00:00.000Z");
    expect(at("2026-12-01T08:00:00-0300")).toBe("2026-12-01T11:00:00.000Z");
    expect(at(" 2026-12-01 ")).toBe("2026-12-01T18:00:00.000Z");
  });

  it("refuses anything else with a French message naming the option and the forms it takes", () => {
    for (const wrong of [
      "",
      "demain",
      "01/12/2026",
      "2026-02-30",
      "2026-12-01T24:00",
      "2026-12-01T08:60",
      "2026-12-01 08:00",
      "0999-12-01",
      "2026-12-01T08:00+1",
    ]) {
      expect(() => parseAsOf(wrong), wrong).toThrow(AsOfError);
    }
    expect(() => parseAsOf("demain")).toThrow(
      "--as-of : « demain » n'est pas une date valide. Attendu : un jour AAAA-MM-JJ (à l'heure de fermeture de la clinique), " +
        "une date et heure AAAA-MM-JJTHH:MM (heure de la clinique) ou un instant avec son décalage (2026-12-01T08:00Z).",
    );
  });

  it("runs the engine as of that instant (trigger cli) and reports per rule, the SLA rows and the duration", async () => {
    const prospect = await w.prospect("hot", "2026-03-02T09:00:00Z", { origin: "phone" });
    t.current.clock.set("2026-03-06T07:00:00Z");
    const lines = await runFollowUpCommand(t.current.system, parseAsOf("2026-03-04"));
    expect(lines[0]).toBe("Relances calculées à la date du 04/03/2026 18:00:00 (Africa/Dakar).");
    expect(lines[1]).toMatch(/^ {2}Règle +créées +clôturées$/);
    expect(lines.find((l) => l.includes("Réponse à la première demande"))).toMatch(/ 1 +0$/);
    expect(lines.filter((l) => /^ {2}\S/.test(l))).toHaveLength(1 + RULE_IDS.length + 1);
    expect(lines.at(-3)).toMatch(/^ {2}Total +\d+ +0$/);
    expect(lines.at(-2)).toBe("Délais de première réponse mis à jour : 1.");
    expect(lines.at(-1)).toMatch(/^Durée : \d+ ms\.$/);

    const runs = await t.current.services.database.query<{ trigger: string; as_of: Date; started_at: Date }>(
      "select trigger, as_of, started_at from follow_up_runs",
    );
    expect(runs).toEqual([
      { trigger: "cli", as_of: new Date("2026-03-04T18:00:00Z"), started_at: new Date("2026-03-06T07:00:00Z") },
    ]);
    expect((await w.tasks({ personId: prospect.id })).map((task) => task.rule)).toContain("first-response");
    const [audit] = await t.current.services.database.query<{ action: string; actor_label: string }>(
      "select action, actor_label from audit_events where action = 'followup.run'",
    );
    expect(audit).toEqual({ action: "followup.run", actor_label: "test" });

    // Without --as-of: as of now; nothing new to do.
    const again = await runFollowUpCommand(t.current.system, undefined);
    expect(again[0]).toBe("Relances calculées à la date du 06/03/2026 07:00:00 (Africa/Dakar).");
  });

  it("names the rules as the web app does", () => {
    const fr = JSON.parse(readFileSync(path.join(projectRoot, "web/src/i18n/fr.json"), "utf8"));
    expect(RULE_LABELS).toEqual(fr.rules);
  });
});

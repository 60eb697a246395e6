import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { launchBrowser, logIn, startServer } from "./support.ts";

let browser: Browser;
const dataDir = mkdtempSync(path.join(tmpdir(), "relais-restart-"));
const env = { RELAIS_ADMIN_EMAIL: "pilote@nest.sn", RELAIS_ADMIN_PASSWORD: "phare-mamelles-2026" };

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded base across restarts", () => {
  it("keeps the settings an admin saved", async () => {
    const first = await startServer(env, { dataDir, keepData: true });
    try {
      const page = await browser.newPage();
      await logIn(page, first.url, "pilote@nest.sn", "phare-mamelles-2026");
      await page.getByRole("navigation").getByRole("link", { name: "Paramètres" }).click();
      const name = page.getByLabel("Nom de la clinique");
      await name.fill("NEST Dakar — Almadies");
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.getByText("Paramètres enregistrés.").waitFor();
      await page.close();
    } finally {
      await first.stop();
    }

    const second = await startServer(env, { dataDir, keepData: true });
    try {
      const page = await browser.newPage();
      await logIn(page, second.url, "pilote@nest.sn", "phare-mamelles-2026");
      await page.getByRole("banner").getByText("NEST Dakar — Almadies").waitFor();
      await page.close();
    } finally {
      await second.stop();
    }
  });
});

import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_SHARES } from "../shared/reports.ts";
import { ADMIN, csrfTokenOf, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("the quality dashboard", () => {
  it("shows a share per procedure rule, opens the records behind a figure, and prints the monthly report", async () => {
    const page = await browser().newPage();
    const url = server().url;
    await logIn(page, url, ADMIN.email, ADMIN.password);
    await page.getByRole("navigation").getByRole("link", { name: "Tableau de bord qualité" }).waitFor();

    // A call yesterday nobody linked to a record: procedure 1's share counts it as missed.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10); // Dakar is UTC+0.
    const today = new Date().toISOString().slice(0, 10);
    const logged = await page.request.post(`${url}/api/calls`, {
      headers: { "x-csrf-token": await csrfTokenOf(page, url) },
      data: { channel: "phone", receivedAt: `${yesterday}T10:00:00Z`, phone: "77 222 33 44", callerName: "Mme Faye" },
    });
    expect(logged.status(), await logged.text()).toBe(201);

    await page.goto(`${url}/tableau-de-bord?du=${yesterday}&au=${today}`);
    await page.getByRole("heading", { name: "Tableau de bord qualité" }).waitFor();
    // One per rule of procedures 1 to 5, the reminder SMS of procedure 5 included.
    await expect
      .poll(() => page.getByTestId("compliance-shares").locator("[data-testid^=share-]").count())
      .toBe(COMPLIANCE_SHARES.length);
    await page
      .getByTestId("share-sms-reminded")
      .getByText("Rendez-vous rappelés par SMS à temps (2 h avant au moins)")
      .waitFor();
    const linked = page.getByTestId("share-calls-linked");
    await linked.getByText("Procédure 1 — Accueil téléphonique (argumentaire)").waitFor();
    await linked.getByText("0 sur 1").waitFor();
    // 0 % against the 90 % target: red, said in words, « 0 % » with a no-break space; never the green of 100 %.
    expect(await linked.getAttribute("data-band")).toBe("below");
    expect(await linked.getByTestId("compliance-figure").textContent()).toMatch(/^0[\u00a0\u202f]%$/);
    const color = (e: { ownerDocument: { defaultView: unknown } }) =>
      (e.ownerDocument.defaultView as { getComputedStyle(el: unknown): { color: string } }).getComputedStyle(e).color;
    expect(await linked.getByTestId("compliance-figure").evaluate(color)).toBe("rgb(201, 42, 42)"); // red.9, #c92a2a
    await linked.getByText(/Sous l'objectif \(90[\u00a0\u202f]%\)/).waitFor();
    // No appointment in the period: nothing due, grey, and no trend drawn from nothing.
    const noShow = page.getByTestId("share-no-show");
    expect(await noShow.getAttribute("data-band")).toBe("none");
    await noShow.getByText("Rien à compter sur la période").waitFor();
    expect(await noShow.getByLabel("Tendance").count()).toBe(0);
    // The period includes today: its figures are marked as running.
    await page.getByTestId("compliance-running").getByText("En cours").waitFor();
    await linked.getByRole("button", { name: "voir la fiche manquée" }).click();
    const records = page.getByTestId("compliance-records");
    await records.getByText("Mme Faye").waitFor();
    await records.getByText("Appel non rattaché").waitFor();
    await page.keyboard.press("Escape");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /Rapport qualité .* \(PDF\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rapport-qualite-\d{4}-\d{2}\.pdf$/);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.close();
  });
});

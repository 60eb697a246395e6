import { describe, expect, it } from "vitest";
import { ADMIN, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

describe("a receptionist puts a caller on hold (procedure 3)", () => {
  it("is told to take the line back after 30 s, then every minute, and the wait is saved on the register line", async () => {
    const page = await browser().newPage();
    // The page's clock is Playwright's: the test moves it forward instead of waiting.
    await page.clock.install();
    await logIn(page, server().url, ADMIN.email, ADMIN.password);

    // The entry in the navigation opens the call screen, greeting first.
    await page.getByRole("navigation").getByRole("link", { name: "Prendre un appel" }).click();
    await page.getByRole("heading", { level: 1, name: "NEST, Administrateur, BONJOUR !" }).waitFor();

    // Enter starts the call: the register line is created at once.
    const created = page.waitForResponse(
      (response) => response.url().endsWith("/api/calls") && response.request().method() === "POST",
    );
    await page.keyboard.press("Enter");
    const callResponse = await created;
    expect(callResponse.status()).toBe(201);
    const { id } = (await callResponse.json()) as { id: string };
    await page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…").waitFor();

    await page.getByRole("button", { name: "Mettre en attente" }).click();
    await page.getByRole("timer", { name: "Temps d'attente" }).waitFor();
    const alert = page.getByRole("alert").filter({ hasText: "Reprenez la ligne" });
    expect(await alert.count()).toBe(0);

    // 30 seconds: take the line back.
    await page.clock.fastForward(30_000);
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Reprenez la ligne : 30 s d'attente");
    expect(await page.getByRole("timer").textContent()).toBe("00:30");
    // Seen from another tab too: the page's title carries the alert.
    expect(await page.title()).toBe("⏰ Reprenez la ligne : 30 s d'attente");
    for (const choice of ["Continuer à patienter", "Laisser un message", "Rappeler plus tard"]) {
      await alert.getByRole("button", { name: choice }).waitFor();
    }
    // The caller keeps waiting: the alert goes until the next one.
    await alert.getByRole("button", { name: "Continuer à patienter" }).click();
    await alert.waitFor({ state: "detached" });

    // A minute later (1:30 on hold): again.
    await page.clock.fastForward(60_000);
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Reprenez la ligne : 1 min 30 s d'attente");

    const saved = page.waitForResponse(
      (response) => response.url().endsWith(`/api/calls/${id}`) && response.request().method() === "PATCH",
    );
    await page.getByRole("button", { name: "Reprendre l'appel" }).click();
    expect((await saved).status()).toBe(200);
    await alert.waitFor({ state: "detached" });
    expect(await page.title()).not.toContain("Reprenez la ligne");
    await page.getByText("Attente totale de cet appel : 01:3").waitFor();

    const line = await page.request.get(`${server().url}/api/calls/${id}`);
    const call = (await line.json()) as { holdSeconds: number; outcome: string | null };
    // 90 s moved forward by the test, plus the few real seconds the page took meanwhile.
    expect(call.holdSeconds).toBeGreaterThanOrEqual(90);
    expect(call.holdSeconds).toBeLessThan(100);
    expect(call.outcome).toBeNull();
    await page.close();
  });
});

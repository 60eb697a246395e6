import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ADMIN, logIn, setUpBrowserAndServer } from "./support.ts";

/**
 * The first load on a clinic's slow line (issue « 3G »): Chromium's network emulated at slow 3G
 * (400 kbit/s each way, 400 ms of latency, as DevTools' preset), an empty cache, and the time
 * until the screen's main button shows. The figures are printed; the bounds asserted are twice
 * the targets (login 8 s, call screen 10 s), so that a loaded machine does not fail them while a
 * return to uncompressed or unsplit files (26 s and 31 s before) does.
 */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };

const { browser, server } = setUpBrowserAndServer();

interface Load {
  seconds: number;
  requests: number;
  /** Bytes over the wire (compressed), as Chromium counts them. */
  kilobytes: number;
  /** Script and style answers sent without compression. */
  uncompressed: string[];
}

/** Opens `path` on an emulated slow 3G line and times it until `mainButton` shows. */
async function loadOnSlow3g(context: BrowserContext, path: string, mainButton: string): Promise<Load> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
  let bytes = 0;
  let requests = 0;
  cdp.on("Network.loadingFinished", (event) => {
    requests += 1;
    bytes += event.encodedDataLength;
  });
  const uncompressed: string[] = [];
  page.on("response", async (response) => {
    const type = response.request().resourceType();
    if ((type === "script" || type === "stylesheet") && !(await response.allHeaders())["content-encoding"]) {
      uncompressed.push(response.url());
    }
  });
  const start = performance.now();
  await page.goto(`${server().url}${path}`);
  await page.getByRole("button", { name: mainButton }).waitFor({ timeout: 60_000 });
  const seconds = (performance.now() - start) / 1000;
  await page.close();
  return { seconds, requests, kilobytes: bytes / 1024, uncompressed };
}

describe("the first load on a slow 3G line", () => {
  it("shows the login page's button and the call screen's first step in time, every file compressed", async () => {
    const visitor = await browser().newContext({ locale: "fr-FR", serviceWorkers: "block" });
    const login = await loadOnSlow3g(visitor, "/login", "Se connecter");
    console.log(
      `slow 3G, login page: ${login.seconds.toFixed(1)} s, ${login.requests} requests, ${login.kilobytes.toFixed(0)} kB`,
    );
    expect(login.uncompressed).toEqual([]);
    expect(login.seconds).toBeLessThan(16);
    await visitor.close();

    // Signed in on a fast line first; the call screen is then opened on the slow one, cache empty. No service
    // worker: it would have precached the call screen during the sign-in (docs/OFFLINE.md), and this is the first visit.
    const receptionist = await browser().newContext({ locale: "fr-FR", serviceWorkers: "block" });
    const page = await receptionist.newPage();
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { name: /Bonjour/ }).waitFor();
    await page.close();
    const callScreen = await loadOnSlow3g(receptionist, "/appels/nouveau", "Commencer l'appel");
    console.log(
      `slow 3G, call screen: ${callScreen.seconds.toFixed(1)} s, ${callScreen.requests} requests, ${callScreen.kilobytes.toFixed(0)} kB`,
    );
    expect(callScreen.uncompressed).toEqual([]);
    expect(callScreen.seconds).toBeLessThan(20);
    await receptionist.close();
  });
});

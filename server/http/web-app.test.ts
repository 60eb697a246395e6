import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../test/app.ts";

const webRoot = mkdtempSync(path.join(tmpdir(), "relais-web-"));
mkdirSync(path.join(webRoot, "assets"));
writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>Relais</title>");
writeFileSync(path.join(webRoot, "assets", "index-abc123.js"), "console.log('relais')");
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

const t = setupTestApp({ config: { webRoot } });

describe("serving the built web app", () => {
  it("answers index.html for client-side routes, assets with a long cache, JSON 404s under /api", async () => {
    const { app } = t.current;
    for (const url of ["/", "/login", "/admin/users?tab=1"]) {
      const page = await app.inject({ method: "GET", url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain("<title>Relais</title>");
      expect(page.headers["cache-control"]).toBe("no-cache");
    }
    const asset = await app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");

    // A file added after start (a rebuild) is served without a restart.
    writeFileSync(path.join(webRoot, "assets", "index-def456.js"), "console.log('rebuilt')");
    expect((await app.inject({ method: "GET", url: "/assets/index-def456.js" })).statusCode).toBe(200);

    const missingAsset = await app.inject({ method: "GET", url: "/assets/nothing.js" });
    expect(missingAsset.statusCode).toBe(404);
    const api = await app.inject({ method: "GET", url: "/api/nothing" });
    expect([api.statusCode, api.json().error.code]).toEqual([404, "route_not_found"]);
    const post = await app.inject({ method: "POST", url: "/admin/users", payload: {} });
    expect(post.statusCode).toBe(404);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../test/app.ts";

const webRoot = mkdtempSync(path.join(tmpdir(), "relais-web-"));
mkdirSync(path.join(webRoot, "assets"));
writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>Relais</title>");
writeFileSync(path.join(webRoot, "assets", "index-abc123.js"), "console.log('relais')");
// A built asset and its copies compressed at build (web/vite.config.ts).
const bundle = `export const texts = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `texte ${i}`))};`;
writeFileSync(path.join(webRoot, "assets", "bundle-aaa111.js"), bundle);
writeFileSync(path.join(webRoot, "assets", "bundle-aaa111.js.br"), brotliCompressSync(bundle));
writeFileSync(path.join(webRoot, "assets", "bundle-aaa111.js.gz"), gzipSync(bundle));
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

  it("leaves the survey link's page to the server, with its own form allowed by the CSP", async () => {
    const page = await t.current.app.inject({ method: "GET", url: `/s/${"x".repeat(43)}` });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain("Ce lien n'est pas ou plus valide");
    expect(page.body).not.toContain("<title>Relais</title>");
    expect(String(page.headers["content-security-policy"])).toContain("form-action 'self'");
  });
});

describe("compression on a slow line", () => {
  it("sends the copy compressed at build that the browser accepts, else the file as it is", async () => {
    const { app } = t.current;
    const url = "/assets/bundle-aaa111.js";
    const br = await app.inject({ method: "GET", url, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect([br.statusCode, br.headers["content-encoding"]]).toEqual([200, "br"]);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(bundle);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);

    const gz = await app.inject({ method: "GET", url, headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(bundle);

    const plain = await app.inject({ method: "GET", url, headers: { "accept-encoding": "identity" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(bundle);
  });

  it("compresses JSON answers above 1 KB, not the small ones", async () => {
    const client = await t.current.signIn("admin");
    for (let i = 0; i < 8; i += 1) await t.current.signIn("reception");
    const big = await client.request("GET", "/api/users", undefined, { "accept-encoding": "br, gzip" });
    expect(big.statusCode).toBe(200);
    expect(big.headers["content-encoding"]).toBe("br");
    const users = JSON.parse(brotliDecompressSync(big.rawPayload).toString());
    expect(JSON.stringify(users).length).toBeGreaterThan(1024);

    const gz = await client.request("GET", "/api/users", undefined, { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(users);

    const small = await client.request("GET", "/api/auth/me", undefined, { "accept-encoding": "br, gzip" });
    expect(small.statusCode).toBe(200);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body.length).toBeLessThan(1024);
  });
});

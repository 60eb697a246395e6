import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../test/app.ts";

const t = setupTestApp();

const concrete = (url: string, id: string) => url.replaceAll(":id", id);

/** DESIGN §7: no 500 on any malformed input. Random bodies, ids and queries on every route, as an admin. */
describe("fuzzed input", () => {
  it("never gets a 500 from any API route", async () => {
    const admin = await t.current.signIn("admin");
    const routes = t.current.app.routeCatalog.filter(
      (r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && !r.url.endsWith("/logout"),
    );
    const nasty = fc.constantFrom(
      "\u0000",
      "a\u0000b",
      "0000-01-01T00:00:00Z",
      "9999-99-99",
      "'; drop table users; --",
      "é".repeat(300),
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom("email", "password", "lastName", "name", "currentPassword"), nasty),
      fc.dictionary(
        fc.constantFrom("email", "password", "version", "role", "active", "settings", "name", "firstName"),
        fc.jsonValue(),
      ),
      fc.string().map((s) => ({ raw: s })),
    );
    const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }).map(encodeURIComponent));
    const query = fc.dictionary(
      fc.constantFrom("limit", "before", "from", "to", "actorId", "x"),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, id, query, async (route, payload, someId, params) => {
        const search = new URLSearchParams(params).toString();
        const url = `${concrete(route.url, someId)}${search ? `?${search}` : ""}`;
        const response = await admin.request(
          route.method,
          url,
          route.method === "GET" ? undefined : JSON.stringify(payload),
          {
            "content-type": "application/json",
          },
        );
        expect(
          response.statusCode,
          `${route.method} ${url} ${JSON.stringify(payload)} → ${response.body}`,
        ).toBeLessThan(500);
        if (String(response.headers["content-type"]).startsWith("application/json")) {
          expect(response.json()).toBeTypeOf("object");
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it("answers every operation of the OpenAPI document with a 4xx in French, never a 5xx, on malformed input", async () => {
    const admin = await t.current.signIn("admin");
    const spec = (await t.current.app.inject({ method: "GET", url: "/api/docs/json" })).json() as OpenApi;
    let requests = 0;
    const failures: string[] = [];
    for (const [template, methods] of Object.entries(spec.paths)) {
      if (template.startsWith("/api/docs") || template.endsWith("/logout")) continue;
      for (const [method, operation] of Object.entries(methods)) {
        for (const { params, query, body, rawBody } of malformedRequests(template, operation)) {
          const search = query ? `?${query}` : "";
          const url = `${template.replace(/\{(\w+)\}/g, (_, name: string) => params?.[name] ?? crypto.randomUUID())}${search}`;
          const upper = method.toUpperCase();
          const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
          const response = await admin.request(
            upper,
            url,
            upper === "GET" || upper === "DELETE" ? undefined : (payload ?? "{}"),
            { "content-type": "application/json" },
          );
          requests++;
          const what = `${upper} ${url.slice(0, 200)} ${String(payload).slice(0, 200)} → ${response.body.slice(0, 300)}`;
          if (response.statusCode >= 500) failures.push(what);
          else if (
            response.statusCode >= 400 &&
            String(response.headers["content-type"]).startsWith("application/json")
          ) {
            const { error } = response.json() as { error: { code: string; message: string } };
            if (!/^[a-z_.]+$/.test(error.code) || ENGLISH.test(error.message)) failures.push(what);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(100);
  }, 120_000);
});

interface Schema {
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

/** Words of Fastify's, zod's or Node's English messages: none may reach a person. */
const ENGLISH =
  /FST_|\b(Invalid|invalid input|Expected|expected|Required|must|should|is not|Unexpected|Bad Request|Cannot)\b/;

const LONE_SURROGATE = "\ud800";
const BAD_DATES = ["0000-01-01", "99999-12-31", "2026-02-30", "2026-03-01T25:61:00Z", "-000001-01-01T00:00:00Z"];
const BAD_IDS = [
  "pas-un-id",
  "%00",
  "%E0%A4%A",
  "a".repeat(300),
  "-1",
  "00000000-0000-0000-0000-000000000000",
  "%ED%A0%80",
];

function typesOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const own = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return [...own, ...(schema.anyOf ?? []).flatMap(typesOf)];
}

const isDateLike = (name: string, schema: Schema | undefined) =>
  /date|time|At$|^from$|^to$|^before$|^after$|^day$|^asOf$/i.test(name) ||
  [schema, ...(schema?.anyOf ?? [])].some((s) => s?.format?.startsWith("date"));

/** A bounded set of malformed requests for one operation: wrong types, NUL, lone surrogates, dates, ids, depth, size. */
function malformedRequests(template: string, operation: Operation) {
  const requests: { params?: Record<string, string>; query?: string; body?: unknown; rawBody?: string }[] = [];
  const pathNames = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  for (const id of BAD_IDS) requests.push({ params: Object.fromEntries(pathNames.map((n) => [n, id])) });

  const queryParams = (operation.parameters ?? []).filter((p) => p.in === "query");
  for (const value of ["%00", "%ED%A0%80", "-1", "99999999999999999999", "x".repeat(2_000), ...BAD_DATES]) {
    if (queryParams.length === 0) break;
    requests.push({ query: queryParams.map((p) => `${p.name}=${value}`).join("&") });
  }
  for (const p of queryParams.filter((q) => isDateLike(q.name, q.schema))) {
    for (const date of BAD_DATES) requests.push({ query: `${p.name}=${encodeURIComponent(date)}` });
  }

  const schema = operation.requestBody?.content?.["application/json"]?.schema;
  if (!schema) return requests;
  const properties = Object.entries(schema.properties ?? {});
  const wrong = (prop: Schema) => (typesOf(prop).includes("string") ? 12345 : "douze");
  requests.push({ body: Object.fromEntries(properties.map(([name, prop]) => [name, wrong(prop)])) });
  requests.push({ body: Object.fromEntries(properties.map(([name]) => [name, { nested: [null] }])) });
  const strings = properties.filter(([, prop]) => typesOf(prop).includes("string"));
  for (const [name] of strings) {
    requests.push({ body: { [name]: `a${LONE_SURROGATE}b` } });
    requests.push({ body: { [name]: "a\u0000b" } });
  }
  requests.push({ body: Object.fromEntries(strings.map(([name]) => [name, "é".repeat(100_000)])) });
  for (const [name] of properties.filter(([n, p]) => isDateLike(n, p))) {
    for (const date of BAD_DATES) requests.push({ body: { [name]: date } });
  }
  let deep: unknown = "fond";
  for (let i = 0; i < 64; i++) deep = { a: [deep] };
  requests.push({ body: { [properties[0]?.[0] ?? "x"]: deep } });
  requests.push({ rawBody: `{"x": ${"[".repeat(5_000)}${"]".repeat(5_000)}}` });
  requests.push({ body: [] });
  requests.push({ body: null });
  return requests;
}

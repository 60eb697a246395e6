import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../shared/roles.ts";
import { type Client, setupTestApp } from "../test/app.ts";

/**
 * Who may call each API route, written out by hand: a route added without
 * its line here fails the test, and so does a route whose guard drifts from it.
 */
const FRONT_OFFICE: Role[] = ["admin", "prospects_manager", "crm_secretary", "reception", "medical_secretary"];

const EXPECTED: Record<string, "public" | "authenticated" | readonly Role[]> = {
  "GET /api/health": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "authenticated",
  "GET /api/auth/me": "authenticated",
  "POST /api/auth/password": "authenticated",
  "GET /api/users": ["admin"],
  "POST /api/users": ["admin"],
  "GET /api/users/:id": ["admin"],
  "PATCH /api/users/:id": ["admin"],
  "POST /api/users/:id/reset-password": ["admin"],
  "GET /api/api-keys": ["admin"],
  "POST /api/api-keys": ["admin"],
  "POST /api/api-keys/:id/revoke": ["admin"],
  "GET /api/settings": ROLES,
  "PUT /api/settings": ["admin"],
  "GET /api/audit": ["admin"],
  "GET /api/lookup": ROLES,
  "GET /api/duplicates": ROLES,
  "POST /api/prospects": FRONT_OFFICE,
  "POST /api/patients": FRONT_OFFICE,
  "GET /api/prospects/:id": ROLES,
  "PATCH /api/prospects/:id": FRONT_OFFICE,
  "GET /api/prospects/:id/interactions": ROLES,
  "POST /api/prospects/:id/interactions": FRONT_OFFICE,
  "GET /api/patients/:id": ROLES,
  "PATCH /api/patients/:id": FRONT_OFFICE,
  "GET /api/patients/:id/interactions": ROLES,
  "POST /api/patients/:id/interactions": FRONT_OFFICE,
  "POST /api/prospects/:id/temperature": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/prospects": ROLES,
  "GET /api/prospects/export": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/patients": ROLES,
  "GET /api/patients/export": ["admin", "prospects_manager"],
  "POST /api/prospects/:id/merge": ["admin", "prospects_manager"],
  "POST /api/prospects/:id/convert": FRONT_OFFICE,
  "GET /api/reconciliation/suggestions": ROLES,
  "POST /api/import/prospects": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/import/patients": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/patients/:id/pathways": ROLES,
  "POST /api/patients/:id/pathways": ["admin", "crm_secretary", "medical_secretary"],
  "POST /api/patients/:id/pathways/:pathwayId/end": ["admin", "crm_secretary", "medical_secretary"],
  "PATCH /api/patients/:id/pathways/:pathwayId": ["admin", "crm_secretary", "medical_secretary"],
  "GET /api/patients/:id/pathways/:pathwayId/preparation-call": ROLES,
  "PUT /api/patients/:id/pathways/:pathwayId/preparation-call": ["admin", "crm_secretary", "medical_secretary"],
  "GET /api/patients/:id/deliveries": ROLES,
  "POST /api/patients/:id/deliveries": ["admin", "crm_secretary", "medical_secretary"],
  "POST /api/deliveries/:deliveryId/discharge": ["admin", "crm_secretary", "medical_secretary"],
  "POST /api/deliveries/:deliveryId/guest-book": FRONT_OFFICE,
  "GET /api/guest-book": ROLES,
  "GET /api/patients/:id/entry-interview": ROLES,
  "POST /api/patients/:id/entry-interview": ["admin", "medical_secretary"],
  "GET /api/patients/:id/vaccinations": ROLES,
  "POST /api/patients/:id/vaccinations/doses": ["admin", "crm_secretary", "medical_secretary"],
  "PATCH /api/patients/:id/vaccinations/doses/:doseId": ["admin", "crm_secretary", "medical_secretary"],
  "DELETE /api/patients/:id/vaccinations/doses/:doseId": ["admin", "crm_secretary", "medical_secretary"],
  "GET /api/patients/:id/vaccinations.pdf": ROLES,
  "POST /api/patients/:id/vaccinations/send": FRONT_OFFICE,
  "GET /api/rooms": ROLES,
  "POST /api/rooms": ["admin"],
  "PATCH /api/rooms/:id": ["admin"],
  "GET /api/practitioners": ROLES,
  "POST /api/practitioners": ["admin"],
  "PATCH /api/practitioners/:id": ["admin"],
  "GET /api/scheduling/services": ["admin"],
  "POST /api/services": ["admin"],
  "PATCH /api/services/:id": ["admin"],
  "GET /api/appointments": ROLES,
  "POST /api/appointments": FRONT_OFFICE,
  "GET /api/appointments/:id": ROLES,
  "PATCH /api/appointments/:id": FRONT_OFFICE,
  "POST /api/appointments/:id/cancel": FRONT_OFFICE,
  "POST /api/appointments/:id/attended": FRONT_OFFICE,
  "POST /api/appointments/:id/no-show": FRONT_OFFICE,
  "GET /api/planning": ROLES,
  "GET /api/calls": ROLES,
  "POST /api/calls": FRONT_OFFICE,
  "GET /api/calls/export": ROLES,
  "GET /api/calls/end-of-day": ROLES,
  "GET /api/calls/:id": ROLES,
  "PATCH /api/calls/:id": FRONT_OFFICE,
  "POST /api/calls/:id/resume": FRONT_OFFICE,
  "GET /api/staff": ROLES,
  "GET /api/services": ROLES,
  "POST /api/messages": FRONT_OFFICE,
  "GET /api/messages": ROLES,
  "GET /api/messages/inbox": ROLES,
  "GET /api/messages/inbox/count": ROLES,
  "POST /api/messages/:id/acknowledge": FRONT_OFFICE,
  "GET /api/offers": ROLES,
  "GET /api/offers/finder": ROLES,
  "POST /api/offers": ["admin"],
  "PATCH /api/offers/:id": ["admin"],
  "POST /api/quotes": FRONT_OFFICE,
  "GET /api/quotes": ROLES,
  "GET /api/quotes/:id": ROLES,
  "GET /api/quotes/:id/pdf": ROLES,
  "POST /api/quotes/:id/send": FRONT_OFFICE,
  "GET /api/documents": ROLES,
  "POST /api/documents": ["admin"],
  "GET /api/documents/:id/file": ROLES,
  "PATCH /api/documents/:id": ["admin"],
  "GET /api/outbox": FRONT_OFFICE,
  "GET /api/outbox/:id": FRONT_OFFICE,
  "POST /api/outbox/:id/retry": FRONT_OFFICE,
  "POST /api/outbox/process": ["admin"],
  "GET /api/sms": ROLES,
  "GET /api/sms/replies": ROLES,
  "POST /api/sms/preview": ROLES,
  "POST /api/sms/run": ["admin"],
  "GET /api/sms/sample-appointments": ["admin"],
  "POST /api/sms/:id/decision": ["admin"],
  // The operator's callbacks: no session; the secret in the address says who calls.
  "POST /api/sms/callbacks/:secret/delivery": "public",
  "POST /api/sms/callbacks/:secret/inbound": "public",
  "POST /api/documentation": FRONT_OFFICE,
  "POST /api/followup/run": ["admin", "prospects_manager"],
  "GET /api/followup/rules": ROLES,
  "GET /api/tasks": ROLES,
  "GET /api/tasks/:id": ROLES,
  "GET /api/tasks/:id/history": ROLES,
  "POST /api/tasks/:id/complete": FRONT_OFFICE,
  "POST /api/tasks/:id/reassign": FRONT_OFFICE,
  "POST /api/tasks/:id/postpone": FRONT_OFFICE,
  "GET /api/digest": ["admin", "prospects_manager"],
  "GET /api/digest/export.xlsx": ["admin", "prospects_manager"],
  "POST /api/digest/processed": ["admin", "prospects_manager"],
  "POST /api/digest/unprocessed": ["admin", "prospects_manager"],
  "GET /api/reports/conversion": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/reports/compliance": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/reports/compliance/monthly.pdf": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/reports/compliance/monthly.xlsx": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/reports/compliance/records": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/reports/conversion/rates": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/reports/conversion.xlsx": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/reports/conversion.csv": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/followup/runs": ROLES,
  "GET /api/surveys/forms": ROLES,
  "PUT /api/surveys/forms/:kind": ["admin"],
  "POST /api/surveys/responses": FRONT_OFFICE,
  "POST /api/surveys/invitations": FRONT_OFFICE,
  "GET /api/surveys/results": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/surveys/results.xlsx": ["admin", "prospects_manager", "crm_secretary", "viewer"],
  "GET /api/people/:id/mothers-group": ROLES,
  "PUT /api/people/:id/mothers-group/:network": ["admin", "prospects_manager", "crm_secretary", "medical_secretary"],
  "POST /api/people/:id/mothers-group/:network/invite": [
    "admin",
    "prospects_manager",
    "crm_secretary",
    "medical_secretary",
  ],
  "GET /api/mothers-group": ["admin", "prospects_manager", "crm_secretary", "medical_secretary"],
  "GET /api/mothers-group/counts": ROLES,
  "GET /api/mothers-group.xlsx": ["admin", "prospects_manager", "crm_secretary", "medical_secretary"],
  "GET /api/people/:id/export.json": ["admin", "prospects_manager"],
  "GET /api/people/:id/export.pdf": ["admin", "prospects_manager"],
  "GET /api/people/:id/data-rights": ["admin", "prospects_manager"],
  "POST /api/people/:id/anonymize": ["admin", "prospects_manager"],
  "GET /api/data-rights/retention": ["admin", "prospects_manager"],
  "POST /api/data-rights/retention/run": ["admin"],
  "GET /api/data-rights/register": ["admin", "prospects_manager"],
  "GET /api/data-rights/register.pdf": ["admin", "prospects_manager"],
  "GET /api/segments": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/segments": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/segments/count": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/segments/preview": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/segments/:id": ["admin", "prospects_manager", "crm_secretary"],
  "PATCH /api/segments/:id": ["admin", "prospects_manager", "crm_secretary"],
  "DELETE /api/segments/:id": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/campaigns": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns/run": ["admin"],
  "GET /api/campaigns/:id": ["admin", "prospects_manager", "crm_secretary"],
  "PATCH /api/campaigns/:id": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns/:id/audience": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns/:id/preview": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns/:id/test": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns/:id/schedule": ["admin", "prospects_manager", "crm_secretary"],
  "POST /api/campaigns/:id/cancel": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/campaigns/:id/recipients": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/campaigns/:id/paste-text": ["admin", "prospects_manager", "crm_secretary"],
  "GET /api/consents/wordings": ROLES,
  "GET /api/people/:id/consents": ROLES,
  "POST /api/people/:id/consents": FRONT_OFFICE,
};

const t = setupTestApp();

const apiRoutes = () =>
  t.current.app.routeCatalog.filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs"));

const concrete = (url: string) => url.replaceAll(":id", "00000000-0000-4000-8000-000000000000");

describe("the role → permission matrix", () => {
  it("covers every API route, and every API route declares its access", () => {
    const declared = apiRoutes().map((r) => `${r.method} ${r.url}`);
    expect(declared.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const route of apiRoutes()) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it("refuses anonymous callers everywhere but the public routes", async () => {
    for (const route of apiRoutes()) {
      const response = await t.current.app.inject({
        method: route.method as "GET",
        url: concrete(route.url),
        payload: {},
      });
      const label = `${route.method} ${route.url}`;
      if (EXPECTED[label] === "public") expect(response.statusCode, label).not.toBe(401);
      else expect([response.statusCode, response.json().error.code], label).toEqual([401, "unauthenticated"]);
    }
  });

  it.each(ROLES)("allows and denies each route for the %s role", async (role) => {
    const client: Client = await t.current.signIn(role);
    // Logging out ends the session the other calls use: it goes last.
    const routes = apiRoutes().sort((a, b) => Number(a.url.endsWith("logout")) - Number(b.url.endsWith("logout")));
    for (const route of routes) {
      const label = `${route.method} ${route.url}`;
      const expected = EXPECTED[label];
      const allowed = expected === "public" || expected === "authenticated" || expected?.includes(role);
      const response = await client.request(route.method, concrete(route.url), route.method === "GET" ? undefined : {});
      if (allowed) {
        expect(response.statusCode, `${label} as ${role}: ${response.body}`).not.toBe(403);
        expect(response.statusCode, `${label} as ${role}`).not.toBe(401);
      } else {
        expect([response.statusCode, response.json().error.code], `${label} as ${role}`).toEqual([403, "forbidden"]);
      }
    }
  });
});

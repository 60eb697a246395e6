import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";
import { prospectRequest as newProspect } from "../../test/factories.ts";

const t = setupTestApp({ now: "2026-03-02T09:00:00Z" });

describe("names and free texts of a person", () => {
  it("refuses a name holding a direction override, a zero-width or a control character, naming the field", async () => {
    const reception = await t.current.signIn("reception");
    for (const [field, value] of [
      ["lastName", "Nd\u202Eeyaid"],
      ["firstName", "Fa\u200Btou"],
      ["lastName", "Ndi\u2066aye"],
      ["firstName", "Fa\uFEFFtou"],
      ["lastName", "Ndi\u200Faye"],
      ["firstName", "Fa\ttou"],
    ] as const) {
      const response = await reception.request("POST", "/api/prospects", newProspect({ [field]: value }));
      expect(response.statusCode, JSON.stringify(value)).toBe(400);
      expect(response.json().error.details.issues[0]).toMatchObject({ field, location: "body" });
      expect(response.json().error.message).toContain("invisible");
    }
  });

  it("stores optional texts made of spaces as empty (null), on creation and on update", async () => {
    const reception = await t.current.signIn("reception");
    const created = await reception.request(
      "POST",
      "/api/prospects",
      newProspect({ phones: ["76 123 45 67"], address: "   ", insurer: " ", notes: "\n  " }),
    );
    expect(created.statusCode).toBe(201);
    expect(created.json().person).toMatchObject({ address: null, insurer: null, notes: null });
    const { id, version } = created.json().person;
    const updated = await reception.request("PATCH", `/api/prospects/${id}`, {
      version,
      notes: "  ",
      address: " Dakar ",
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ notes: null, address: "Dakar" });
  });
});

import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../../test/app.ts";
import { buildUser } from "../../../test/factories.ts";
import { followUpWorld } from "../test-support.ts";

/**
 * Rule message-ack at its boundaries, in Africa/Dakar (UTC+0, so the
 * instants below read as the clinic's local times). 2026-03-02 is a Monday;
 * 2026-05-01 (Fête du Travail) is a public holiday in the default settings.
 */
const t = setupTestApp({ now: "2026-03-02T08:00:00Z" });
const w = followUpWorld(t);

describe("message-ack", () => {
  it("asks the recipient to acknowledge a message the same day", async () => {
    const doctor = await buildUser(t.current.system, { role: "medical_secretary" });
    const message = await w.message("2026-03-04T12:00:00Z", { forUserId: doctor.id });
    await w.run("2026-03-04T12:01:00Z");
    expect(await w.tasks({ sourceId: message.id })).toMatchObject([
      { rule: "message-ack", status: "open", dueAt: "2026-03-04T18:00:00.000Z", assigneeUserId: doctor.id },
    ]);
    await t.current.services.database.query("update phone_messages set acknowledged_at = $1 where id = $2", [
      "2026-03-04T12:30:00Z",
      message.id,
    ]);
    await w.run("2026-03-04T12:31:00Z");
    expect(await w.tasks({ sourceId: message.id })).toMatchObject([{ status: "closed", closeReason: "acknowledged" }]);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignRecipients, people, smsMessages } from "../../db/schema/index.ts";
import type { TestApp } from "../../test/app.ts";
import { buildPatient } from "../../test/factories.ts";
import type { FakeOrange } from "../sms/providers/fake-orange.ts";
import { processSmsOutbox } from "../sms/sender.ts";
import { startSmsTestApp } from "../sms/test-support.ts";
import { runCampaigns } from "./engine.ts";
import { buildSegment, grant, useCampaignSettings } from "./test-support.ts";

let t: TestApp;
let fake: FakeOrange;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, fake, close } = await startSmsTestApp({ now: "2026-03-02T09:00:00Z", secret: "secret" }));
  await useCampaignSettings(t.system);
}, 180_000);
afterAll(async () => {
  await close?.();
});

describe("a campaign by SMS", () => {
  it("goes through the SMS outbox, with the opt-out, to consenting people with a mobile who did not say STOP", async () => {
    const aissatou = await buildPatient(t.system, { firstName: "Aissatou", phones: ["77 111 22 33"] });
    const stopped = await buildPatient(t.system, { firstName: "Stop", phones: ["77 111 22 44"] });
    const fixedLine = await buildPatient(t.system, { firstName: "Fixe", phones: ["33 821 00 00"] });
    const emailOnly = await buildPatient(t.system, { firstName: "Mail", phones: ["77 111 22 55"] });
    for (const p of [aissatou, stopped, fixedLine]) await grant(t.system, p.id, "sms");
    await grant(t.system, emailOnly.id, "email");
    await t.services.database.db
      .update(people)
      .set({ smsOptOutAt: new Date("2026-03-01T10:00:00Z"), smsOptOutSource: "stop" })
      .where(eq(people.id, stopped.id));
    const segmentId = await buildSegment(t.system, {});
    const staff = await t.signIn("crm_secretary");
    const created = await staff.request("POST", "/api/campaigns", {
      name: "Journée portes ouvertes",
      purpose: "newsletter",
      channels: ["sms"],
      segmentId,
      smsText: "NEST : Bonjour {prenom}, journée portes ouvertes samedi !",
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    const audience = (await staff.request("POST", `/api/campaigns/${campaign.id}/audience`)).json();
    expect(audience.sms).toMatchObject({ eligible: 1, withoutMobile: 2, segmentsPerSms: 1, costXof: 25 });

    const sending = await staff.request("POST", `/api/campaigns/${campaign.id}/schedule`, {
      version: campaign.version,
    });
    expect(sending.json()).toMatchObject({ status: "sending", stats: { recipients: 1 } });
    expect((await runCampaigns(t.services)).queued).toBe(1);
    await processSmsOutbox(t.services, t.services.config.sms.provider);
    await runCampaigns(t.services);

    expect(fake.sent).toEqual([
      expect.objectContaining({
        to: "+221771112233",
        text: "NEST : Bonjour Aissatou, journée portes ouvertes samedi !\nSTOP pour ne plus recevoir",
      }),
    ]);
    const [recipient] = await t.services.database.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaign.id));
    expect(recipient).toMatchObject({ channel: "sms", address: "+221771112233", status: "sent" });
    const [sms] = await t.services.database.db
      .select()
      .from(smsMessages)
      .where(eq(smsMessages.id, recipient?.smsMessageId as string));
    expect(sms).toMatchObject({ kind: "campaign", personId: aissatou.id, status: "sent" });
    const view = (await staff.request("GET", `/api/campaigns/${campaign.id}`)).json();
    expect(view).toMatchObject({
      status: "sent",
      stats: { recipients: 1, sent: 1, byChannel: { sms: { sent: 1 } } },
    });
  });
});

import { z } from "zod";
import { ctxOf } from "../../http/access.ts";
import { AppError, type FieldIssue } from "../../http/errors.ts";
import { type RoutesPlugin, typed } from "../../http/route-types.ts";
import { recordInboundSms } from "./inbound.ts";
import { parseDeliveryCallback, parseInboundCallback } from "./providers/callbacks.ts";
import type { Parsed } from "./providers/delivery-receipt.ts";
import {
  smsCallbackParams,
  smsCallbackView,
  smsDecisionInput,
  smsIdParams,
  smsPage,
  smsPreviewInput,
  smsPreviewView,
  smsQuery,
  smsRepliesPage,
  smsRepliesQuery,
  smsRunInput,
  smsRunView,
  smsSampleAppointments,
  smsView,
} from "./sms.schema.ts";
import {
  callbackAllowed,
  decideSms,
  listSms,
  listSmsReplies,
  previewSms,
  recordDeliveryReceipt,
  runSmsNow,
  sampleAppointments,
} from "./sms.ts";

/** The SMS channel: the outbox, the template preview, runs on demand, and the provider's callbacks. */
export const smsRoutes: RoutesPlugin = (app, services) => {
  const r = typed(app);

  r.post(
    "/api/sms/preview",
    {
      config: { access: "sms.read" },
      schema: { tags: ["sms"], body: smsPreviewInput, response: { 200: smsPreviewView } },
    },
    (request) => previewSms(ctxOf(services, request), request.body),
  );

  r.get(
    "/api/sms/sample-appointments",
    {
      config: { access: "settings.write" },
      schema: {
        tags: ["sms"],
        summary: "The next scheduled appointments, to preview a template on",
        response: { 200: smsSampleAppointments },
      },
    },
    (request) => sampleAppointments(ctxOf(services, request)),
  );

  r.get(
    "/api/sms/replies",
    {
      config: { access: "sms.read" },
      schema: {
        tags: ["sms"],
        summary: "SMS received",
        querystring: smsRepliesQuery,
        response: { 200: smsRepliesPage },
      },
    },
    (request) => listSmsReplies(ctxOf(services, request), request.query),
  );

  r.post(
    "/api/sms/run",
    {
      config: { access: "sms.manage" },
      schema: {
        tags: ["sms"],
        summary: "Queue the reminders due and send the SMS outbox now",
        body: smsRunInput,
        response: { 200: smsRunView },
      },
    },
    (request) => runSmsNow(ctxOf(services, request), request.body.asOf),
  );

  r.get(
    "/api/sms",
    { config: { access: "sms.read" }, schema: { tags: ["sms"], querystring: smsQuery, response: { 200: smsPage } } },
    (request) => listSms(ctxOf(services, request), request.query),
  );

  r.post(
    "/api/sms/:id/decision",
    {
      config: { access: "sms.manage" },
      schema: { tags: ["sms"], params: smsIdParams, body: smsDecisionInput, response: { 200: smsView } },
    },
    (request) => decideSms(ctxOf(services, request), request.params.id, request.body.decision),
  );

  // The provider's callbacks: no session, the secret in the path (SMS_DELIVERY_SECRET) says who calls.
  const refused = () => new AppError(404, "sms_callback_refused");
  // A body the provider's format cannot read: 400, the field at fault named as for any bad input.
  const invalidBody = (parsed: Extract<Parsed<unknown>, { ok: false }>) =>
    new AppError(400, "sms_callback_invalid", {
      details: {
        reason: parsed.error,
        issues: [{ field: parsed.field ?? "body", location: "body", message: parsed.error }] satisfies FieldIssue[],
      },
    });
  r.post(
    "/api/sms/callbacks/:secret/delivery",
    {
      config: { access: "public" },
      schema: { tags: ["sms"], params: smsCallbackParams, body: z.unknown(), response: { 200: smsCallbackView } },
    },
    async (request) => {
      if (!callbackAllowed(services, request.params.secret)) throw refused();
      const parsed = parseDeliveryCallback(services.config.sms.provider.name, request.body);
      if (!parsed.ok) throw invalidBody(parsed);
      return { ok: await recordDeliveryReceipt(services, parsed.value) };
    },
  );
  r.post(
    "/api/sms/callbacks/:secret/inbound",
    {
      config: { access: "public" },
      schema: { tags: ["sms"], params: smsCallbackParams, body: z.unknown(), response: { 200: smsCallbackView } },
    },
    async (request) => {
      if (!callbackAllowed(services, request.params.secret)) throw refused();
      const parsed = parseInboundCallback(services.config.sms.provider.name, request.body);
      if (!parsed.ok) throw invalidBody(parsed);
      await recordInboundSms(services, parsed.value);
      return { ok: true };
    },
  );
};

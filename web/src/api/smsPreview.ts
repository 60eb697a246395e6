import type { z } from "zod";
import type { smsPreviewInput, smsPreviewView, smsSampleAppointments } from "../../../server/modules/sms/sms.schema.ts";
import { api } from "./client.ts";

/** The template editor's preview: a text measured and priced, rendered first on an appointment when given. */
export type SmsPreview = z.infer<typeof smsPreviewView>;
export type SmsPreviewInput = z.input<typeof smsPreviewInput>;
export type SmsSampleAppointment = z.infer<typeof smsSampleAppointments>["items"][number];

export const smsPreviewKeys = {
  preview: (input: SmsPreviewInput) => ["sms", "preview", input] as const,
  samples: ["sms", "sample-appointments"] as const,
};

export const previewSms = (input: SmsPreviewInput) => api<SmsPreview>("POST", "/api/sms/preview", { body: input });

export const listSampleAppointments = async () =>
  (await api<z.infer<typeof smsSampleAppointments>>("GET", "/api/sms/sample-appointments")).items;

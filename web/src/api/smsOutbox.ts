import type { z } from "zod";
import type {
  SmsReplyView,
  SmsView,
  smsDecisionInput,
  smsPage,
  smsRepliesPage,
  smsRunView,
} from "../../../server/modules/sms/sms.schema.ts";
import { api } from "./client.ts";

/** The SMS outbox: every SMS Relais sends or meant to send (reminders, changes of time), and an admin's decisions. */
export type Sms = SmsView;
export type SmsStatus = Sms["status"];
export type SmsKind = Sms["kind"];
export type SmsPage = z.infer<typeof smsPage>;
export type SmsRun = z.infer<typeof smsRunView>;
export type SmsDecision = z.infer<typeof smsDecisionInput>["decision"];
export type SmsReply = SmsReplyView;
export type SmsRepliesPage = z.infer<typeof smsRepliesPage>;

/** The statuses and kinds, in the order the filters list them. */
export { SMS_KINDS as SMS_KIND_VALUES, SMS_STATUSES as SMS_STATUS_VALUES } from "../../../shared/sms.ts";

export interface SmsQuery {
  personId?: string;
  appointmentId?: string;
  status?: SmsStatus;
  kind?: SmsKind;
  page?: number;
  pageSize?: number;
}

export const smsKeys = {
  /** Every cached answer about the SMS outbox. */
  all: ["sms"] as const,
  page: (query: SmsQuery) => ["sms", "page", query] as const,
  replies: (personId: string) => ["sms", "replies", personId] as const,
};

export const listSms = (query: SmsQuery, signal?: AbortSignal) =>
  api<SmsPage>("GET", "/api/sms", { query: { ...query }, signal });
/** The SMS a person sent to the clinic's number, newest first. */
export const listSmsReplies = (personId: string, pageSize: number, signal?: AbortSignal) =>
  api<SmsRepliesPage>("GET", "/api/sms/replies", { query: { personId, pageSize }, signal });
/** Queues the reminders due and sends the outbox now (admins). */
export const runSms = () => api<SmsRun>("POST", "/api/sms/run", { body: {} });
/** An SMS « à vérifier »: it did leave (`sent`), or send it again (`resend`, a failed one too). */
export const decideSms = (id: string, decision: SmsDecision) =>
  api<Sms>("POST", `/api/sms/${encodeURIComponent(id)}/decision`, { body: { decision } });

import type { z } from "zod";
import type {
  CallOutcome,
  CallView,
  createCallInput,
  EndOfDay,
  ResumeCallInput,
  ServiceList,
  StaffList,
  updateCallInput,
} from "../../../server/modules/calls/call.schema.ts";
import type { createMessageInput, MessageView } from "../../../server/modules/messages/message.schema.ts";
import { api, buildUrl } from "./client.ts";

/** The call register, phone messages, staff and services (procedures 1 and 3). */
export type Call = CallView;
export type { CallOutcome, EndOfDay };
export type CreateCallInput = z.input<typeof createCallInput>;
export type UpdateCallInput = z.input<typeof updateCallInput>;
export type StaffMember = StaffList["users"][number];
export type ClinicService = ServiceList["services"][number];
export type PhoneMessage = MessageView;
export type CreateMessageInput = z.input<typeof createMessageInput>;

export const CALL_OUTCOME_VALUES = [
  "answered",
  "transferred",
  "message_left",
  "call_back_later",
  "to_resume",
] as const satisfies readonly CallOutcome[];
export const RESUME_OUTCOME_VALUES = ["answered", "transferred", "message_left"] as const;
/** Outcomes that keep a line open until it is resumed. */
export const OPEN_OUTCOME_VALUES: readonly CallOutcome[] = ["to_resume", "call_back_later"];

/** A line still to deal with: no outcome, or to resume / call back and not resumed (same rule as the server). */
export const isOpenLine = (call: Pick<Call, "outcome" | "resumedAt">) =>
  call.outcome === null || (OPEN_OUTCOME_VALUES.includes(call.outcome) && call.resumedAt === null);

export interface CallListQuery {
  day?: string;
  outcome?: CallOutcome | "none";
  open?: "true" | "false";
  answeredBy?: string;
  personId?: string;
  page?: number;
  pageSize?: number;
}

export const callKeys = {
  /** Every cached answer about the register: invalidated after any write on a line. */
  all: ["calls"] as const,
  list: (query: CallListQuery) => ["calls", "list", query] as const,
  one: (id: string) => ["calls", "one", id] as const,
  endOfDay: (day: string) => ["calls", "end-of-day", day] as const,
  staff: ["staff"] as const,
  services: ["services", "active"] as const,
  /** Every cached answer about messages. */
  messages: ["messages"] as const,
  inbox: (acknowledged: boolean) => ["messages", "inbox", acknowledged] as const,
  inboxCount: ["messages", "inbox", "count"] as const,
  messagesOfDay: (day: string) => ["messages", "day", day] as const,
};

const callPath = (id: string) => `/api/calls/${encodeURIComponent(id)}`;

export const listCalls = (query: CallListQuery, signal?: AbortSignal) =>
  api<{ items: Call[]; total: number }>("GET", "/api/calls", { query: { ...query }, signal });
export const fetchCall = (id: string) => api<Call>("GET", callPath(id));
export const createCall = (input: CreateCallInput) => api<Call>("POST", "/api/calls", { body: input });
export const updateCall = (id: string, input: UpdateCallInput) => api<Call>("PATCH", callPath(id), { body: input });
export const resumeCall = (id: string, input: ResumeCallInput) =>
  api<Call>("POST", `${callPath(id)}/resume`, { body: input });
export const fetchEndOfDay = (day: string) => api<EndOfDay>("GET", "/api/calls/end-of-day", { query: { day } });
/** The address of the day's register as XLSX, for a plain download link. */
export const callsExportUrl = (day: string) => buildUrl("/api/calls/export", { day });

export const fetchStaff = () => api<StaffList>("GET", "/api/staff");
export const fetchActiveServices = () => api<ServiceList>("GET", "/api/services");

export const createMessage = (input: CreateMessageInput) => api<PhoneMessage>("POST", "/api/messages", { body: input });
export const fetchInbox = (acknowledged: boolean) =>
  api<{ items: PhoneMessage[] }>("GET", "/api/messages/inbox", { query: { acknowledged } });
export const fetchInboxCount = () => api<{ unacknowledged: number }>("GET", "/api/messages/inbox/count");
export const fetchMessagesOfDay = (day: string) =>
  api<{ items: PhoneMessage[] }>("GET", "/api/messages", { query: { day } });
export const acknowledgeMessage = (id: string, version: number) =>
  api<PhoneMessage>("POST", `/api/messages/${encodeURIComponent(id)}/acknowledge`, { body: { version } });

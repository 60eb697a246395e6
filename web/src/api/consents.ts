import type {
  ConsentEntryView,
  ConsentRegisterView,
  ConsentStateView,
  ConsentWordingsView,
  RecordConsentInput,
} from "../../../server/modules/consents/consent.schema.ts";
import { api } from "./client.ts";

/** The consent register of a person (loi 2008-12): where she stands, and every entry. */
export type ConsentRegister = ConsentRegisterView;
export type ConsentEntry = ConsentEntryView;
export type ConsentState = ConsentStateView;
export {
  CONSENT_CHANNELS,
  CONSENT_NOTE_MAX,
  CONSENT_PURPOSES,
  type ConsentChannel,
  type ConsentPurpose,
  STAFF_CONSENT_SOURCES,
  type StaffConsentSource,
} from "../../../shared/consents.ts";
export type { RecordConsentInput };

export const consentKeys = {
  /** Under « people »: an edit of the record (its « Ne souhaite pas recevoir de SMS ») refreshes the register. */
  register: (personId: string) => ["people", "consents", personId] as const,
  wordings: ["consents", "wordings"] as const,
};

const base = (personId: string) => `/api/people/${encodeURIComponent(personId)}/consents`;

export const getConsents = (personId: string, signal?: AbortSignal) =>
  api<ConsentRegister>("GET", base(personId), { signal });
export const recordConsent = (personId: string, body: RecordConsentInput) =>
  api<ConsentEntry>("POST", base(personId), { body });
export const getConsentWordings = (signal?: AbortSignal) =>
  api<ConsentWordingsView>("GET", "/api/consents/wordings", { signal });

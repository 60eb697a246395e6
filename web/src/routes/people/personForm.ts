import type { TFunction } from "i18next";
import type {
  CreatePatientInput,
  CreateProspectInput,
  Person,
  PersonKind,
  Temperature,
  UpdatePatientInput,
  UpdateProspectInput,
} from "../../api/types.ts";
import type { FieldErrors, useFormState } from "../../components/form.ts";
import { formatPhone } from "../../components/phone.ts";

/** Yes / no / not known (insured, member): a checkbox could not say "not known". */
export type TriState = "" | "yes" | "no";

export interface PersonFormValues {
  lastName: string;
  firstName: string;
  /** As typed; blank lines are dropped. */
  phones: string[];
  birthDate: string | null;
  firstContactDate: string | null;
  origin: string;
  temperature: Temperature;
  email: string;
  address: string;
  insured: TriState;
  insurer: string;
  member: TriState;
  notes: string;
  /** « Ne souhaite pas recevoir de SMS » (ticked on the record or by a STOP). */
  smsOptOut: boolean;
  ehrNumber: string;
  ehrCreatedOn: string | null;
  /** A patient's provenance (how she came to NEST, asked at the entry interview): an origin code, or "". */
  provenanceOrigin: string;
  /** The prospect she says she was (entry interview): its id, or "". */
  provenanceProspectId: string;
  /** A patient's sex ("" when unknown): the vaccination calendar shows HPV to girls only. */
  sex: "" | "female" | "male";
}

export type PersonForm = ReturnType<typeof useFormState<PersonFormValues>>;

/** The form's field names, which are also the API's (phones are "phones.0", "phones.1"…). */
const FIELDS = new Set([
  "lastName",
  "firstName",
  "phones",
  "birthDate",
  "firstContactDate",
  "origin",
  "temperature",
  "email",
  "address",
  "insured",
  "insurer",
  "member",
  "notes",
  "smsOptOut",
  "ehrNumber",
  "ehrCreatedOn",
  "provenanceOrigin",
  "provenanceProspectId",
  "sex",
]);
export const isPersonField = (field: string) => FIELDS.has(field) || /^phones\.\d+$/.test(field);

export const emptyPersonValues = (today: string): PersonFormValues => ({
  lastName: "",
  firstName: "",
  phones: [""],
  birthDate: null,
  firstContactDate: today,
  origin: "",
  temperature: "hot",
  email: "",
  address: "",
  insured: "",
  insurer: "",
  member: "",
  notes: "",
  smsOptOut: false,
  ehrNumber: "",
  ehrCreatedOn: null,
  provenanceOrigin: "",
  provenanceProspectId: "",
  sex: "",
});

const tri = (value: boolean | null): TriState => (value === null ? "" : value ? "yes" : "no");
const fromTri = (value: TriState): boolean | null => (value === "" ? null : value === "yes");
const textOrNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

export const personValues = (person: Person): PersonFormValues => ({
  lastName: person.lastName,
  firstName: person.firstName,
  phones: person.phones.length ? person.phones.map(formatPhone) : [""],
  birthDate: person.birthDate,
  firstContactDate: person.firstContactDate,
  origin: person.origin ?? "",
  temperature: person.temperature ?? "hot",
  email: person.email ?? "",
  address: person.address ?? "",
  insured: tri(person.insured),
  insurer: person.insurer ?? "",
  member: tri(person.member),
  notes: person.notes ?? "",
  smsOptOut: person.smsOptOut !== null,
  ehrNumber: person.ehrNumber ?? "",
  ehrCreatedOn: person.ehrCreatedOn,
  provenanceOrigin: person.provenanceOrigin ?? "",
  provenanceProspectId: person.provenanceProspectId ?? "",
  sex: person.sex ?? "",
});

/**
 * The phones to send, without blank lines, and where each came from in the form,
 * so that the API's "phones.1" lands under the right input.
 */
export function phonesToSend(values: PersonFormValues): { phones: string[]; positions: number[] } {
  const phones: string[] = [];
  const positions: number[] = [];
  values.phones.forEach((phone, i) => {
    if (phone.trim()) {
      phones.push(phone.trim());
      positions.push(i);
    }
  });
  return { phones, positions };
}

/** Maps an API field ("phones.1" of the list sent) to the form's field. */
export const formFieldOf =
  (positions: number[]) =>
  (field: string): string => {
    const match = /^phones\.(\d+)$/.exec(field);
    if (!match) return field;
    return `phones.${positions[Number(match[1])] ?? 0}`;
  };

function commonBody(values: PersonFormValues) {
  const insured = fromTri(values.insured);
  return {
    lastName: values.lastName.trim(),
    firstName: values.firstName.trim(),
    email: textOrNull(values.email),
    address: textOrNull(values.address),
    insured,
    insurer: insured === false ? null : textOrNull(values.insurer),
    member: fromTri(values.member),
    notes: textOrNull(values.notes),
    smsOptOut: values.smsOptOut,
  };
}

export function createProspectBody(values: PersonFormValues, confirmDuplicate: boolean): CreateProspectInput {
  return {
    ...commonBody(values),
    phones: phonesToSend(values).phones,
    birthDate: values.birthDate,
    firstContactDate: values.firstContactDate ?? undefined,
    origin: values.origin,
    temperature: values.temperature,
    confirmDuplicate,
  };
}

export function createPatientBody(values: PersonFormValues, confirmDuplicate: boolean): CreatePatientInput {
  return {
    ...commonBody(values),
    phones: phonesToSend(values).phones,
    birthDate: values.birthDate,
    ehrNumber: textOrNull(values.ehrNumber),
    ehrCreatedOn: values.ehrCreatedOn,
    provenanceOrigin: values.provenanceOrigin || null,
    provenanceProspectId: values.provenanceProspectId || null,
    sex: values.sex || null,
    confirmDuplicate,
  };
}

const digits = (phone: string) => phone.replace(/\D/g, "");

/** Only what changed since `person` was read, with its version (the server refuses a stale one). */
export function updateBody(kind: PersonKind, person: Person, values: PersonFormValues) {
  const body: Record<string, unknown> = { version: person.version };
  const before = commonBody(personValues(person));
  const after = commonBody(values);
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (after[key] !== before[key]) body[key] = after[key];
  }
  const { phones } = phonesToSend(values);
  if (phones.map(digits).join(",") !== person.phones.map(digits).join(",")) body.phones = phones;
  if (values.birthDate !== person.birthDate) body.birthDate = values.birthDate;
  if (kind === "prospect") {
    if (values.firstContactDate && values.firstContactDate !== person.firstContactDate) {
      body.firstContactDate = values.firstContactDate;
    }
    if (values.origin && values.origin !== person.origin) body.origin = values.origin;
  } else {
    if (textOrNull(values.ehrNumber) !== person.ehrNumber) body.ehrNumber = textOrNull(values.ehrNumber);
    if (values.ehrCreatedOn !== person.ehrCreatedOn) body.ehrCreatedOn = values.ehrCreatedOn;
    if ((values.provenanceOrigin || null) !== person.provenanceOrigin)
      body.provenanceOrigin = values.provenanceOrigin || null;
    if ((values.provenanceProspectId || null) !== person.provenanceProspectId)
      body.provenanceProspectId = values.provenanceProspectId || null;
    if ((values.sex || null) !== person.sex) body.sex = values.sex || null;
  }
  return body as UpdateProspectInput | UpdatePatientInput;
}

/** What the form checks before sending (the server checks the rest: phone numbers, e-mail…). */
export function validatePerson(kind: PersonKind, values: PersonFormValues, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  const required = t("form.required");
  if (!values.lastName.trim()) errors.lastName = required;
  if (!values.firstName.trim()) errors.firstName = required;
  if (kind === "prospect") {
    // A phone or an e-mail (procedure 2: a written request may come without a phone); the birth date is asked
    // but may be missing — the record is then marked incomplete, to complete at the next call.
    if (phonesToSend(values).phones.length === 0 && !values.email.trim()) {
      errors["phones.0"] = t("people.form.phoneOrEmailRequired");
    }
    if (!values.origin) errors.origin = required;
  }
  return errors;
}

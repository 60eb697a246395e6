import { SETTINGS_LIMITS } from "../../../../../shared/limits.ts";
import { unknownVariables } from "../../../../../shared/sms-templates.ts";
import type { Settings } from "../../../api/types.ts";
import type { FieldErrors } from "../../../components/form.ts";
import {
  type DataProtectionFormValues,
  fromDataProtectionForm,
  isDataProtectionField,
  toDataProtectionForm,
} from "./DataProtectionSettings.tsx";
import { checkMothersGroup, isMothersGroupField } from "./MothersGroupSettings.tsx";
import {
  fromVaccinationForm,
  isVaccinationField,
  toVaccinationForm,
  type VaccinationFormValues,
  vaccinationFingerprint,
} from "./vaccinationForm.ts";

/** A number field while it is edited: empty until the user types. */
export type Num = number | "";

export const TEMPERATURES = ["hot", "warm", "cold"] as const;
export type Temperature = (typeof TEMPERATURES)[number];

export const FOLLOW_UP_KEYS = [
  "firstResponseBusinessDays",
  "slaBreachDays",
  "hotCallBusinessDays",
  "recallDays",
  "newPatientCallHours",
  "postDischargeCallDays",
] as const;
export type FollowUpKey = (typeof FOLLOW_UP_KEYS)[number];

/** Bounds of the follow-up delays, as the server checks them. */
export const FOLLOW_UP_MAX: Record<FollowUpKey, number> = SETTINGS_LIMITS.followUpMax;
export const THRESHOLD_MAX = SETTINGS_LIMITS.statusThresholdMaxDays;

export interface SiteRow {
  key: string;
  code: string;
  name: string;
  /** Told in SMS ({adresse_site}); empty: the clinic's address. */
  address: string;
}
export interface HolidayRow {
  key: string;
  date: string | null;
  label: string;
}

/** The kinds of SMS that have templates; each needs a general one (all sites, all services). */
export const SMS_TEMPLATE_KINDS = ["appointment_reminder", "appointment_moved"] as const;
export type SmsTemplateKind = (typeof SMS_TEMPLATE_KINDS)[number];

export interface ReminderOffsetRow {
  key: string;
  /** 0: the same day. */
  daysBefore: Num;
  at: string;
}
export interface SmsTemplateRow {
  key: string;
  kind: SmsTemplateKind;
  /** A site's code, a service's id; both null: the general template of the kind. */
  site: string | null;
  serviceId: string | null;
  text: string;
}
export interface SmsFormValues {
  window: { from: string; until: string };
  reminderOffsets: ReminderOffsetRow[];
  pricePerSegment: Num;
  templates: SmsTemplateRow[];
}

/** A general template (all sites, all services): it cannot be removed nor narrowed. */
export const isGeneralTemplate = (row: Pick<SmsTemplateRow, "site" | "serviceId">): boolean =>
  row.site === null && row.serviceId === null;

export interface SettingsFormValues {
  clinicName: string;
  clinicEmail: string;
  clinicAddress: string;
  clinicPhone: string;
  /** The links given to cold prospects (procedure 4); empty when the clinic has none. */
  websiteUrl: string;
  facebookUrl: string;
  timeZone: string;
  sites: SiteRow[];
  businessDays: { saturdayIsBusinessDay: boolean; opensAt: string; closesAt: string };
  holidays: HolidayRow[];
  statusThresholds: Record<Temperature, { dormantFromDays: Num; lostAfterDays: Num }>;
  followUp: Record<FollowUpKey, Num>;
  /** What is said first, `{prenom}` being the first name (procedures 1 and 3). */
  greetings: Record<GreetingKey, string>;
  /** The quality dashboard's target share of tasks done in time, 1–100. */
  complianceTargetPercent: Num;
  /** The SMS channel: sending window, reminder times, price, templates. */
  sms: SmsFormValues;
  /** How the DPA follows from the DDR. */
  pregnancy: Settings["pregnancy"];
  /** The documents sent in one click at the 36 SA call and after a delivery. */
  documentPacks: Settings["documentPacks"];
  /** The child's vaccination calendar: schedule, lateness, SMS reminder. */
  vaccination: VaccinationFormValues;
  /** The « Groupe des Mamans NEST »: the groups' links, the invitation's SMS and e-mail. */
  mothersGroup: Settings["mothersGroup"];
  /** Personal data (loi 2008-12): the prospects' retention, what the processing register names. */
  dataProtection: DataProtectionFormValues;
}

/** The greeting formulas: the clinic's line (procedure 1), the reception desk (procedure 3), a transferred call. */
export const GREETING_KEYS = ["line", "reception", "transferred"] as const;
export type GreetingKey = (typeof GREETING_KEYS)[number];

let nextKey = 0;
/** A stable React key for a list row (rows have no id of their own). */
export const rowKey = (): string => `row-${++nextKey}`;

export function toFormValues(settings: Settings): SettingsFormValues {
  return {
    clinicName: settings.clinicName,
    clinicEmail: settings.clinicEmail,
    clinicAddress: settings.clinicAddress,
    clinicPhone: settings.clinicPhone,
    websiteUrl: settings.websiteUrl,
    facebookUrl: settings.facebookUrl,
    timeZone: settings.timeZone,
    sites: settings.sites.map((site) => ({ key: rowKey(), ...site })),
    businessDays: { ...settings.businessDays },
    holidays: settings.holidays.map((holiday) => ({ key: rowKey(), ...holiday })),
    statusThresholds: {
      hot: { ...settings.statusThresholds.hot },
      warm: { ...settings.statusThresholds.warm },
      cold: { ...settings.statusThresholds.cold },
    },
    followUp: { ...settings.followUp },
    greetings: { ...settings.greetings },
    complianceTargetPercent: settings.complianceTargetPercent,
    sms: {
      window: { ...settings.sms.window },
      reminderOffsets: settings.sms.reminderOffsets.map((offset) => ({ key: rowKey(), ...offset })),
      pricePerSegment: settings.sms.pricePerSegment,
      templates: settings.sms.templates.map((template) => ({ key: rowKey(), ...template })),
    },
    pregnancy: { ...settings.pregnancy },
    documentPacks: {
      week36: [...settings.documentPacks.week36],
      postDelivery: [...settings.documentPacks.postDelivery],
    },
    vaccination: toVaccinationForm(settings.vaccination),
    mothersGroup: { ...settings.mothersGroup },
    dataProtection: toDataProtectionForm(settings.dataProtection),
  };
}

/** The settings to PUT, or the fields to fix first (empty numbers, missing dates and labels). */
/** The settings to save: `base` (as loaded) with the form's fields, so keys edited elsewhere are kept. */
export function toSettings(
  base: Settings,
  values: SettingsFormValues,
  messages: {
    required: string;
    invalidDate: string;
    greetingNeedsFirstName: string;
    /** A template naming `{variables}` that do not exist (listed « {a}, {b} »). */
    unknownVariables: (names: string) => string;
    /** A specific template with neither a site nor a service. */
    templateNeedsTarget: string;
    /** The mothers' group: a template without `{lien}`, a link that is not https://. */
    needsLink?: string;
    httpsExpected?: string;
  },
): { settings: Settings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const required = (path: string, text: string) => {
    if (!text.trim()) errors[path] = messages.required;
    return text.trim();
  };
  const num = (path: string, value: Num): number => {
    if (value === "") errors[path] = messages.required;
    return value === "" ? 0 : value;
  };
  const greeting = (key: GreetingKey) => {
    const text = required(`greetings.${key}`, values.greetings[key]);
    if (text && !text.includes("{prenom}")) errors[`greetings.${key}`] = messages.greetingNeedsFirstName;
    return text;
  };
  // The first general template of each kind is the general one; another without a site nor a service is a duplicate.
  const generalKeys = new Set(
    SMS_TEMPLATE_KINDS.flatMap((kind) => {
      const general = values.sms.templates.find((row) => row.kind === kind && isGeneralTemplate(row));
      return general ? [general.key] : [];
    }),
  );
  const settings: Settings = {
    ...base,
    clinicName: required("clinicName", values.clinicName),
    clinicEmail: required("clinicEmail", values.clinicEmail),
    clinicAddress: values.clinicAddress.trim(),
    clinicPhone: values.clinicPhone.trim(),
    websiteUrl: values.websiteUrl.trim(),
    facebookUrl: values.facebookUrl.trim(),
    timeZone: required("timeZone", values.timeZone),
    sites: values.sites.map((site, i) => ({
      code: required(`sites.${i}.code`, site.code),
      name: required(`sites.${i}.name`, site.name),
      address: site.address.trim(),
    })),
    businessDays: {
      saturdayIsBusinessDay: values.businessDays.saturdayIsBusinessDay,
      opensAt: required("businessDays.opensAt", values.businessDays.opensAt),
      closesAt: required("businessDays.closesAt", values.businessDays.closesAt),
    },
    holidays: values.holidays.map((holiday, i) => {
      if (!holiday.date) errors[`holidays.${i}.date`] = messages.invalidDate;
      return { date: holiday.date ?? "", label: required(`holidays.${i}.label`, holiday.label) };
    }),
    statusThresholds: {
      hot: thresholds("hot"),
      warm: thresholds("warm"),
      cold: thresholds("cold"),
    },
    followUp: {
      firstResponseBusinessDays: num("followUp.firstResponseBusinessDays", values.followUp.firstResponseBusinessDays),
      slaBreachDays: num("followUp.slaBreachDays", values.followUp.slaBreachDays),
      hotCallBusinessDays: num("followUp.hotCallBusinessDays", values.followUp.hotCallBusinessDays),
      recallDays: num("followUp.recallDays", values.followUp.recallDays),
      newPatientCallHours: num("followUp.newPatientCallHours", values.followUp.newPatientCallHours),
      postDischargeCallDays: num("followUp.postDischargeCallDays", values.followUp.postDischargeCallDays),
    },
    greetings: {
      line: greeting("line"),
      reception: greeting("reception"),
      transferred: greeting("transferred"),
    },
    complianceTargetPercent: num("complianceTargetPercent", values.complianceTargetPercent),
    sms: {
      window: {
        from: required("sms.window.from", values.sms.window.from),
        until: required("sms.window.until", values.sms.window.until),
      },
      reminderOffsets: values.sms.reminderOffsets.map((offset, i) => ({
        daysBefore: num(`sms.reminderOffsets.${i}.daysBefore`, offset.daysBefore),
        at: required(`sms.reminderOffsets.${i}.at`, offset.at),
      })),
      pricePerSegment: num("sms.pricePerSegment", values.sms.pricePerSegment),
      templates: values.sms.templates.map((template, i) => {
        const path = `sms.templates.${i}`;
        const text = required(`${path}.text`, template.text);
        const unknown = unknownVariables(text);
        if (unknown.length > 0) errors[`${path}.text`] = messages.unknownVariables(`{${unknown.join("}, {")}}`);
        if (isGeneralTemplate(template) && !generalKeys.has(template.key)) {
          errors[`${path}.site`] = messages.templateNeedsTarget;
        }
        return { kind: template.kind, site: template.site, serviceId: template.serviceId, text };
      }),
    },
    pregnancy: values.pregnancy,
    documentPacks: values.documentPacks,
    vaccination: fromVaccinationForm(values.vaccination, errors, messages.required),
    mothersGroup: checkMothersGroup(values.mothersGroup, errors, {
      required: messages.required,
      needsLink: messages.needsLink ?? messages.required,
      httpsExpected: messages.httpsExpected ?? messages.required,
      unknownVariables: messages.unknownVariables,
    }),
    dataProtection: fromDataProtectionForm(values.dataProtection, errors, messages.required),
  };
  function thresholds(temperature: Temperature) {
    const t = values.statusThresholds[temperature];
    return {
      dormantFromDays: num(`statusThresholds.${temperature}.dormantFromDays`, t.dormantFromDays),
      lostAfterDays: num(`statusThresholds.${temperature}.lostAfterDays`, t.lostAfterDays),
    };
  }
  return { settings, errors };
}

/** The form without its row keys, to tell whether anything changed. */
export function fingerprint(values: SettingsFormValues): string {
  return JSON.stringify({
    ...values,
    sites: values.sites.map(({ code, name, address }) => ({ code, name, address })),
    holidays: values.holidays.map(({ date, label }) => ({ date, label })),
    sms: {
      ...values.sms,
      reminderOffsets: values.sms.reminderOffsets.map(({ daysBefore, at }) => ({ daysBefore, at })),
      templates: values.sms.templates.map(({ kind, site, serviceId, text }) => ({ kind, site, serviceId, text })),
    },
    vaccination: vaccinationFingerprint(values.vaccination),
  });
}

/** The server reports body paths ("settings.sites.0.code"); the form's fields are under `settings`. */
export const formFieldOf = (field: string): string => field.replace(/^settings\./, "");

const KNOWN_FIELD =
  /^(clinicName|clinicEmail|clinicAddress|clinicPhone|websiteUrl|facebookUrl|timeZone|sites(\.\d+\.(code|name|address))?|businessDays(\.(saturdayIsBusinessDay|opensAt|closesAt))?|holidays(\.\d+\.(date|label))?|statusThresholds\.(hot|warm|cold)\.(dormantFromDays|lostAfterDays)|followUp\.\w+|greetings\.(line|reception|transferred)|complianceTargetPercent|sms(\.(window(\.(from|until))?|reminderOffsets(\.\d+(\.(daysBefore|at))?)?|pricePerSegment|templates(\.\d+(\.(kind|site|serviceId|text))?)?))?|pregnancy(\.dueDateConvention)?|documentPacks(\.(week36|postDelivery)(\.\d+)?)?)$/;

export const isKnownField = (field: string): boolean =>
  KNOWN_FIELD.test(field) || isVaccinationField(field) || isMothersGroupField(field) || isDataProtectionField(field);

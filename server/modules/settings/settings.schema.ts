import { z } from "zod";
import { LIMITS, SETTINGS_LIMITS, SMS_LIMITS } from "../../../shared/limits.ts";
import { DEFAULT_DUE_DATE_CONVENTION, DUE_DATE_CONVENTIONS } from "../../../shared/pregnancy.ts";
import { contactDay } from "../../../shared/schemas.ts";
import { SMS_VARIABLES, unknownVariables } from "../../../shared/sms-templates.ts";
import { DEFAULT_SURVEY_LINK_TEMPLATE, SURVEY_LIMITS, SURVEY_LINK_VARIABLES } from "../../../shared/surveys.ts";
import { campaignSettingsSchema } from "../campaigns/campaign-settings.schema.ts";
import { dataProtectionSettingsSchema } from "../data-rights/data-protection-settings.schema.ts";
import { mothersGroupSettingsSchema } from "../mothers-group/mothers-group-settings.schema.ts";
import { vaccinationSettingsSchema } from "../vaccinations/vaccination-settings.schema.ts";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "heure attendue au format HH:MM");

const knownTimeZones = new Set<string>();
/** Building a formatter is the check, and a slow one: remember the zones that passed. */
function isTimeZone(tz: string): boolean {
  if (knownTimeZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("fr", { timeZone: tz });
    knownTimeZones.add(tz);
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isTimeZone, "fuseau horaire inconnu (ex. Africa/Dakar)");

const site = z.strictObject({
  code: z
    .string()
    .regex(
      new RegExp(`^[A-Z][A-Z0-9_]{1,${SETTINGS_LIMITS.siteCodeMax - 1}}$`),
      `code en majuscules, 2 à ${SETTINGS_LIMITS.siteCodeMax} caractères (ex. PLATEAU)`,
    ),
  name: z.string().trim().min(1).max(LIMITS.clinicNameMax),
  /** Told in SMS (`{adresse_site}`); empty: the clinic's address. */
  address: z.string().trim().max(LIMITS.addressMax).default(""),
});

const holiday = z.strictObject({ date: contactDay, label: z.string().trim().min(1).max(LIMITS.holidayLabelMax) });

const statusThreshold = z
  .strictObject({
    /** Days since the last interaction from which the prospect is "en veille". */
    dormantFromDays: z.number().int().min(1).max(SETTINGS_LIMITS.statusThresholdMaxDays),
    /** Days since the last interaction beyond which the prospect is "perdu". */
    lostAfterDays: z.number().int().min(1).max(SETTINGS_LIMITS.statusThresholdMaxDays),
  })
  .refine((t) => t.lostAfterDays >= t.dormantFromDays, {
    message: "le seuil « perdu » doit être supérieur ou égal au seuil « en veille »",
    path: ["lostAfterDays"],
  });

const max = SETTINGS_LIMITS.followUpMax;

/** A greeting formula: what is said, with `{prenom}` where the first name goes. */
const greetingText = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.listLabelMax)
  .refine((text) => text.includes("{prenom}"), "la formule doit contenir {prenom}");

/** An entry of a configurable list: a stable code (stored on records) and the label staff read. */
const listEntry = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{2,40}$/, "code en minuscules, chiffres et _ (2 à 40 caractères)"),
  label: z.string().trim().min(1).max(LIMITS.listLabelMax),
});

const uniqueCodes = <T extends { code: string }>(list: T[]) => new Set(list.map((e) => e.code)).size === list.length;

/** What a request type asks for: the follow-up rules and the conversion table read it. */
export const REQUEST_CATEGORIES = ["quote", "pricing", "programme", "appointment", "other"] as const;

const entries = (pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));

/** Public holidays of Senegal with fixed or computable dates; the admin adds the Muslim feasts each year. */
const DEFAULT_HOLIDAYS = [
  ["2026-01-01", "Jour de l'An"],
  ["2026-04-04", "Fête de l'Indépendance"],
  ["2026-04-06", "Lundi de Pâques"],
  ["2026-05-01", "Fête du Travail"],
  ["2026-05-14", "Ascension"],
  ["2026-05-25", "Lundi de Pentecôte"],
  ["2026-08-15", "Assomption"],
  ["2026-11-01", "Toussaint"],
  ["2026-12-25", "Noël"],
  ["2027-01-01", "Jour de l'An"],
  ["2027-03-29", "Lundi de Pâques"],
  ["2027-04-04", "Fête de l'Indépendance"],
  ["2027-05-01", "Fête du Travail"],
  ["2027-05-06", "Ascension"],
  ["2027-05-17", "Lundi de Pentecôte"],
  ["2027-08-15", "Assomption"],
  ["2027-11-01", "Toussaint"],
  ["2027-12-25", "Noël"],
].map(([date, label]) => ({ date: date as string, label: label as string }));

/**
 * The clinic's settings, validated as a whole. Every key has a default, so a
 * base written by an older version reads with the keys added since.
 */
export const settingsSchema = z.strictObject({
  clinicName: z.string().trim().min(1).max(LIMITS.clinicNameMax).default("NEST"),
  clinicEmail: z.email().default("info@nest.sn"),
  /** Printed in the header of pro forma quotes. */
  clinicAddress: z.string().trim().max(LIMITS.addressMax).default("Dakar, Sénégal"),
  clinicPhone: z.string().trim().max(SETTINGS_LIMITS.clinicPhoneMax).default(""),
  /** Given to cold prospects (procedure 4: « le lien du site web et de la page Facebook »). */
  websiteUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]).default("https://www.nest.sn"),
  facebookUrl: z
    .union([z.literal(""), z.url({ protocol: /^https?$/ })])
    .default("https://www.facebook.com/cliniquenest"),
  /** Days a pro forma quote stays valid. */
  quoteValidityDays: z.number().int().min(1).max(365).default(30),
  timeZone: timeZone.default("Africa/Dakar"),
  sites: z
    .array(site)
    .min(1)
    .refine((sites) => new Set(sites.map((s) => s.code)).size === sites.length, "deux sites ont le même code")
    .default([
      { code: "CLINIQUE", name: "NEST Clinique", address: "" },
      { code: "PLATEAU", name: "NEST Plateau", address: "" },
    ]),
  businessDays: z
    .strictObject({
      /** Sundays are never business days; Saturdays only when enabled. */
      saturdayIsBusinessDay: z.boolean(),
      opensAt: timeOfDay,
      closesAt: timeOfDay,
    })
    .refine((b) => b.opensAt < b.closesAt, { message: "la fermeture doit suivre l'ouverture", path: ["closesAt"] })
    .default({ saturdayIsBusinessDay: false, opensAt: "08:00", closesAt: "18:00" }),
  holidays: z
    .array(holiday)
    .refine((list) => new Set(list.map((h) => h.date)).size === list.length, "deux jours fériés à la même date")
    .default(DEFAULT_HOLIDAYS),
  /** Where prospects come from (first contact). */
  origins: z
    .array(listEntry)
    .min(1)
    .refine(uniqueCodes, "deux origines ont le même code")
    .default(
      entries([
        ["phone", "Téléphone"],
        ["visit", "Visite"],
        ["email", "Email"],
        ["website", "Site web"],
        ["facebook", "Facebook"],
        ["event", "Évènement NEST"],
        ["free_care", "Gratuité consultation"],
        ["outreach_campaign", "Campagne de prospection"],
        ["referral", "Bouche à oreille"],
        ["other", "Autre"],
      ]),
    ),
  /** Motives of an interaction (procedure 1). */
  interactionMotives: z
    .array(listEntry)
    .min(1)
    .refine(uniqueCodes, "deux motifs ont le même code")
    .default(
      entries([
        ["phone_information", "Appel téléphonique – demande d'informations/tarifs"],
        ["visit_information", "Présentation physique – demande d'informations/tarifs"],
      ]),
    ),
  /** Request types noted on an interaction (procedure 2), each with what it asks for. */
  requestTypes: z
    .array(listEntry.extend({ category: z.enum(REQUEST_CATEGORIES) }))
    .min(1)
    .refine(uniqueCodes, "deux types de demande ont le même code")
    .default([
      { code: "delivery_quote", label: "DEVIS ACCOUCHEMENT", category: "quote" },
      { code: "programme_info", label: "INFOS PROGRAMME", category: "programme" },
      { code: "myomectomy_quote", label: "DEVIS MYOMECTOMIE", category: "quote" },
      { code: "prices", label: "TARIFS", category: "pricing" },
      { code: "appointment", label: "RDV", category: "appointment" },
      { code: "other", label: "AUTRE", category: "other" },
    ]),
  /** Classification 2 (DESIGN §2): calendar days since the last interaction. */
  statusThresholds: z.strictObject({ hot: statusThreshold, warm: statusThreshold, cold: statusThreshold }).default({
    hot: { dormantFromDays: 15, lostAfterDays: 30 },
    warm: { dormantFromDays: 30, lostAfterDays: 60 },
    cold: { dormantFromDays: 60, lostAfterDays: 90 },
  }),
  /**
   * What the person answering says first (procedures 1 and 3), `{prenom}` being her first name
   * and `{service}` the service a call was transferred to: on the clinic's line (procedure 1),
   * at the reception desk (procedure 3), and for a call transferred to a service.
   */
  greetings: z
    .strictObject({
      line: greetingText,
      reception: greetingText,
      transferred: greetingText,
    })
    .default({
      line: "NEST, {prenom}, BONJOUR !",
      reception: "Clinique Nest, {prenom}, Bonjour",
      transferred: "{service}, {prenom}, bonjour",
    }),
  /** The share of a rule's tasks done in time the clinic aims at (quality dashboard colours: green from it). */
  complianceTargetPercent: z.number().int().min(1).max(100).default(90),
  /** Delays of the follow-up rules (DESIGN §3). */
  followUp: z
    .strictObject({
      firstResponseBusinessDays: z.number().int().min(1).max(max.firstResponseBusinessDays),
      slaBreachDays: z.number().int().min(1).max(max.slaBreachDays),
      hotCallBusinessDays: z.number().int().min(1).max(max.hotCallBusinessDays),
      recallDays: z.number().int().min(1).max(max.recallDays),
      newPatientCallHours: z.number().int().min(1).max(max.newPatientCallHours),
      postDischargeCallDays: z.number().int().min(1).max(max.postDischargeCallDays),
    })
    .default({
      firstResponseBusinessDays: 2,
      slaBreachDays: 15,
      hotCallBusinessDays: 2,
      recallDays: 7,
      newPatientCallHours: 72,
      postDischargeCallDays: 10,
    }),
  /**
   * The pregnancy pathway: how the DPA follows from the DDR, « french » (DDR + 14 days + 9 months, the
   * default) or « naegele » (DDR + 280 days), DESIGN §2.
   */
  pregnancy: z
    .strictObject({ dueDateConvention: z.enum(DUE_DATE_CONVENTIONS) })
    .default({ dueDateConvention: DEFAULT_DUE_DATE_CONVENTION }),
  /**
   * The documents of the library each follow-up sends in one click (procedure 5): at the 36 SA call « la valise
   * maternité et les tarifs », after a delivery the information pack. Ids of the documents library.
   */
  documentPacks: z
    .strictObject({
      week36: z.array(z.uuid()).max(20),
      postDelivery: z.array(z.uuid()).max(20),
    })
    .default({ week36: [], postDelivery: [] }),
  /** The SMS channel (DESIGN §6, procedure 5): when SMS may leave, the reminders' times, the cost, the texts. */
  sms: z
    .strictObject({
      /** No SMS leaves before `from` nor from `until` on (clinic time): what falls due waits for the morning. */
      window: z
        .strictObject({ from: timeOfDay, until: timeOfDay })
        .refine((w) => w.from < w.until, { message: "la fin doit suivre le début", path: ["until"] }),
      /** When an appointment is reminded: so many days before it, at that time (0: the same day). */
      reminderOffsets: z
        .array(z.strictObject({ daysBefore: z.number().int().min(0).max(SMS_LIMITS.reminderDaysMax), at: timeOfDay }))
        .min(1)
        .max(SMS_LIMITS.reminderOffsetsMax)
        .refine(
          (offsets) => new Set(offsets.map(reminderOffsetCode)).size === offsets.length,
          "deux rappels au même moment",
        ),
      /** Price of one SMS segment, in FCFA (the estimated cost shown with the templates). */
      pricePerSegment: z.number().min(0).max(SMS_LIMITS.priceMax),
      /** The texts, by kind; a site's or a service's own text comes before the general one. */
      templates: z
        .array(
          z.strictObject({
            kind: z.enum(["appointment_reminder", "appointment_moved"]),
            site: z.string().nullable(),
            serviceId: z.uuid().nullable(),
            text: z
              .string()
              .trim()
              .min(1)
              .max(SMS_LIMITS.templateMax)
              .refine((text) => unknownVariables(text).length === 0, {
                error: (issue) =>
                  `variable inconnue : {${unknownVariables(String(issue.input)).join("}, {")}} (connues : {${SMS_VARIABLES.join("}, {")}})`,
              }),
          }),
        )
        .refine(
          (templates) =>
            (["appointment_reminder", "appointment_moved"] as const).every((kind) =>
              templates.some((t) => t.kind === kind && t.site === null && t.serviceId === null),
            ),
          "un modèle général (tous sites, tous services) est requis pour chaque type de SMS",
        )
        .refine(
          (templates) => new Set(templates.map((t) => `${t.kind}|${t.site}|${t.serviceId}`)).size === templates.length,
          "deux modèles pour le même type, site et service",
        ),
    })
    .default({
      window: { from: "08:00", until: "21:00" },
      reminderOffsets: [{ daysBefore: 1, at: "10:00" }],
      pricePerSegment: 25,
      templates: [
        {
          kind: "appointment_reminder",
          site: null,
          serviceId: null,
          text: "NEST : Bonjour {prenom}, rappel de votre RDV {service} le {date} à {heure}, {site}. Répondez 1 pour confirmer, 2 pour annuler. Infos : {telephone_clinique}",
        },
        {
          kind: "appointment_moved",
          site: null,
          serviceId: null,
          text: "NEST : Bonjour {prenom}, votre RDV {service} a changé d'horaire : le {date} à {heure}, {site}. Infos : {telephone_clinique}",
        },
      ],
    }),
  /** Satisfaction surveys (DESIGN §2): where personal links point, and the SMS that carries one. */
  surveys: z
    .strictObject({
      /** The address patients reach Relais at from their phone (https://…); the link is <base>/s/<token>. */
      publicBaseUrl: z
        .string()
        .trim()
        .max(SURVEY_LIMITS.baseUrlMax)
        .refine((url) => url === "" || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url), "adresse http(s):// attendue"),
      linkTemplate: z
        .string()
        .trim()
        .min(1)
        .max(SURVEY_LIMITS.linkTemplateMax)
        .refine((text) => text.includes("{lien}"), "le texte doit contenir {lien}")
        .refine(
          (text) =>
            [...text.matchAll(/\{([a-z_]+)\}/g)].every((m) =>
              (SURVEY_LINK_VARIABLES as readonly string[]).includes(m[1] ?? ""),
            ),
          `variables connues : {${SURVEY_LINK_VARIABLES.join("}, {")}}`,
        ),
    })
    .default({ publicBaseUrl: "", linkTemplate: DEFAULT_SURVEY_LINK_TEMPLATE }),
  /** The child's vaccination calendar: schedule, lateness, SMS reminder (DESIGN §2, procedure 5). */
  vaccination: vaccinationSettingsSchema,
  /** Newsletters and campaigns: throttle, click tracking, signature (procedure 5). */
  campaigns: campaignSettingsSchema,
  /** The « Groupe des Mamans NEST »: links and invitation texts (procedure 5). */
  mothersGroup: mothersGroupSettingsSchema,
  /** Personal data (loi 2008-12): retention, the controller and contact the register names. */
  dataProtection: dataProtectionSettingsSchema,
});

/** An offset's stable code, kept on each reminder (« 1@10:00 »: the day before at 10:00). */
export const reminderOffsetCode = (offset: { daysBefore: number; at: string }) => `${offset.daysBefore}@${offset.at}`;

export type Settings = z.infer<typeof settingsSchema>;
export type SmsSettings = Settings["sms"];

export const settingsView = z.object({ version: z.number().int(), settings: settingsSchema });

export const updateSettingsInput = z.strictObject({
  version: z.number().int().nonnegative(),
  settings: settingsSchema,
});

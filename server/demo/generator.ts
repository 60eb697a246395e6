/**
 * Deterministic generator of realistic NEST data: Senegalese names and phones,
 * prospects and patients, their interactions and temperature history, with the
 * cases the conversion table must recognise (a prospect who later became a
 * patient, a legacy duplicate prospect, a patient who came back as a prospect).
 * The same seed and options always give the same people, in the same order.
 * Used by the demo seed (through the real use cases) and by the benchmark bulk
 * loader (straight into the tables).
 */
import { HOUR_MS, MINUTE_MS } from "../clock.ts";
import type { CHANNELS } from "../modules/interactions/interaction.schema.ts";
import { foldName } from "../modules/people/names.ts";
import type { Temperature } from "../modules/people/status.ts";
import {
  ADDRESSES,
  CHILDREN_FIRST_NAMES,
  EMAIL_DOMAINS,
  INSURERS,
  LAST_NAMES,
  MEN_FIRST_NAMES,
  type NameEntry,
  WOMEN_FIRST_NAMES,
} from "./names.ts";
import { Random, weighted } from "./random.ts";

export const DEMO_SEED = 221;
export const DAY_MS = 24 * HOUR_MS;

export type Channel = (typeof CHANNELS)[number];
export type PersonGroup = "woman" | "man" | "child";
export type RelationType = "converted" | "legacy_duplicate" | "already_patient";

export interface GeneratedInteraction {
  occurredAt: Date;
  /** When it was entered: minutes later, sometimes hours (noted on paper first). */
  recordedAt: Date;
  channel: Channel;
  /** Code of the settings' interaction motives. */
  motive: string | null;
  /** Codes of the settings' request types. */
  requestTypes: string[];
  comment: string | null;
  documentsSent: string[];
  outcome: string | null;
}

export interface GeneratedTemperatureChange {
  from: Temperature | null;
  to: Temperature;
  at: Date;
  reason: string;
}

export interface GeneratedPerson {
  /** Position in the generated sequence (0, 1, 2…). */
  index: number;
  /** A UUID reproducible from the seed (the bulk loader uses it; the use cases make their own). */
  id: string;
  kind: "prospect" | "patient";
  group: PersonGroup;
  lastName: string;
  firstName: string;
  /** foldName(lastName), foldName(firstName): what the lookup indexes. */
  lastNameKey: string;
  firstNameKey: string;
  birthDate: string | null;
  /** E.164, the first one the main number. */
  phones: string[];
  email: string | null;
  address: string | null;
  insured: boolean | null;
  insurer: string | null;
  member: boolean | null;
  notes: string | null;
  createdAt: Date;
  // Prospect only.
  firstContactDate: string | null;
  origin: string | null;
  /** The current temperature: the last change's. */
  temperature: Temperature | null;
  /** The first one is the record's creation (from null), as createProspect writes it. */
  temperatureChanges: GeneratedTemperatureChange[];
  // Patient only.
  ehrNumber: string | null;
  ehrCreatedOn: string | null;
  /** What the use cases would flag: created although it matched an earlier record. */
  possibleDuplicate: boolean;
  /** The earlier record this one matches, when the match is intended. */
  relation: { type: RelationType; ofIndex: number; matchedOn: "phone" | "name_birth_date" } | null;
  interactions: GeneratedInteraction[];
  /** Newest interaction's occurredAt (null without interactions). */
  lastInteractionAt: Date | null;
  /** 1 + the temperature changes after creation, as changeTemperature counts. */
  version: number;
  updatedAt: Date;
}

export interface GenerateOptions {
  /** The generated history ends here: nothing happens after it. */
  asOf: Date;
  prospects: number;
  patients: number;
  seed?: number;
  /** First contacts and EHR creations spread over this many days before asOf (default 365). */
  windowDays?: number;
  /** Exactly this many interactions per person, or a range; default 1 to 8, fewer more likely. */
  interactionsPerPerson?: number | { min: number; max: number };
  /** EHR numbers start at NEST-<this> (default 1). */
  firstEhrNumber?: number;
  /** Shares of the prospects in intended matches (defaults: 12 %, 4 %, 3 %). */
  shares?: Partial<Record<"converted" | "legacyDuplicates" | "alreadyPatients", number>>;
}

/** The settings' default codes (settings.schema.ts), with plausible proportions. */
const pickOrigin = weighted([
  ["phone", 30],
  ["visit", 14],
  ["facebook", 16],
  ["website", 8],
  ["referral", 14],
  ["email", 3],
  ["event", 5],
  ["free_care", 4],
  ["outreach_campaign", 4],
  ["other", 2],
] as const);
const pickTemperature = weighted<Temperature>([
  ["hot", 30],
  ["warm", 45],
  ["cold", 25],
]);
const FIRST_CHANNEL: Record<string, Channel> = {
  phone: "phone_in",
  visit: "visit",
  facebook: "facebook",
  website: "web_form",
  referral: "phone_in",
  email: "email",
  event: "visit",
  free_care: "visit",
  outreach_campaign: "phone_out",
  other: "phone_in",
};
const pickProspectChannel = weighted<Channel>([
  ["phone_out", 45],
  ["phone_in", 20],
  ["whatsapp", 15],
  ["visit", 8],
  ["email", 6],
  ["sms", 4],
  ["facebook", 2],
]);
const pickPatientChannel = weighted<Channel>([
  ["phone_in", 35],
  ["phone_out", 25],
  ["visit", 20],
  ["whatsapp", 10],
  ["sms", 5],
  ["email", 5],
]);
const pickProspectRequest = weighted([
  ["delivery_quote", 30],
  ["programme_info", 20],
  ["prices", 20],
  ["appointment", 15],
  ["myomectomy_quote", 5],
  ["other", 10],
] as const);
const pickPatientRequest = weighted([
  ["appointment", 50],
  ["prices", 15],
  ["delivery_quote", 10],
  ["programme_info", 5],
  ["other", 20],
] as const);
/** Request types whose interaction is called back 7 days later (rule recall-7d). */
const RECALLED = new Set(["delivery_quote", "myomectomy_quote", "prices", "programme_info"]);

/** What staff write for each request type (also used for the calls the demo adds to the register). */
export const REQUEST_COMMENTS: Record<string, readonly string[]> = {
  delivery_quote: [
    "DEVIS ACCOUCHEMENT",
    "Demande de devis accouchement (voie basse et césarienne)",
    "Souhaite un devis accouchement en chambre individuelle",
    "DEVIS ACCOUCHEMENT : demande le tarif adhérent",
    "DPA dans trois mois, souhaite le devis accouchement",
  ],
  programme_info: [
    "Souhaite le flyer du Programme NEST",
    "Intéressée par le Programme NEST pour le suivi de sa grossesse",
    "INFOS PROGRAMME : demande le détail des consultations incluses",
  ],
  myomectomy_quote: ["DEVIS MYOMECTOMIE", "Demande un devis myomectomie après son échographie"],
  prices: [
    "Demande les tarifs de la consultation gynécologique",
    "TARIFS échographie obstétricale",
    "Demande les tarifs adhérent",
    "Tarifs de la consultation pédiatrique",
  ],
  appointment: [
    "Souhaite un RDV avec la sage-femme",
    "RDV consultation gynécologique demandé",
    "RDV pédiatre pour la vaccination de son bébé",
    "Demande un RDV échographie",
  ],
  other: [
    "Demande l'adresse du site du Plateau",
    "Question sur la prise en charge par son assurance",
    "Demande les horaires de la maternité",
  ],
};
const FOLLOW_UP_COMMENTS = [
  "Relance 48 h : pas de réponse",
  "Relance : messagerie, message laissé",
  "Rappel : souhaite passer visiter la clinique",
  "Invitation à laisser ses coordonnées et à passer à la clinique",
  "Rappel : réfléchit encore, rappeler après la paie",
];
const PATIENT_COMMENTS = [
  "Confirmation du RDV",
  "Demande ses résultats d'analyses",
  "Question sur le calendrier vaccinal",
  "Rappel du vaccin à venir",
  "Appel de satisfaction 72 h",
  "Inscription aux cours de préparation à l'accouchement",
];
const NOTES = [
  "Préfère être appelée après 17 h",
  "Parle wolof de préférence",
  "Première grossesse",
  "Souhaite accoucher au site CLINIQUE",
  "Recommandée par une patiente",
];
const pickOutcome = weighted<string | null>([
  [null, 30],
  ["Rappel prévu", 15],
  ["RDV proposé", 12],
  ["RDV pris", 10],
  ["Pas de réponse", 12],
  ["Message laissé", 8],
  ["Réfléchit", 8],
  ["Transférée au service maternité", 5],
]);
const TEMPERATURE_MOVES: Record<Temperature, (random: Random) => Temperature> = {
  hot: weighted<Temperature>([
    ["warm", 60],
    ["cold", 40],
  ]),
  warm: weighted<Temperature>([
    ["hot", 55],
    ["cold", 45],
  ]),
  cold: weighted<Temperature>([
    ["warm", 70],
    ["hot", 30],
  ]),
};
const TEMPERATURE_REASONS: Record<Temperature, readonly string[]> = {
  hot: [
    "Souhaite un RDV rapidement",
    "Grossesse confirmée, DPA proche : requalifiée chaude",
    "A redemandé le devis accouchement, très intéressée",
  ],
  warm: [
    "Réfléchit, à rappeler dans quelques semaines",
    "Hésite avec une autre clinique",
    "Intéressée par le Programme NEST, sans date précise",
  ],
  cold: ["Pas de réponse après plusieurs relances", "A choisi une autre structure", "Projet reporté"],
};
const pickDefaultInteractionCount = weighted([
  [1, 22],
  [2, 22],
  [3, 18],
  [4, 13],
  [5, 10],
  [6, 7],
  [7, 5],
  [8, 3],
] as const);
const pickMobilePrefix = weighted([
  ["77", 40],
  ["78", 20],
  ["76", 22],
  ["70", 12],
  ["75", 6],
] as const);
const pickPhoneCount = weighted([
  [1, 85],
  [2, 13],
  [3, 2],
] as const);
const pickEmailDomain = weighted(EMAIL_DOMAINS);
const groupsOf = {
  prospect: weighted<PersonGroup>([
    ["woman", 92],
    ["man", 4],
    ["child", 4],
  ]),
  patient: weighted<PersonGroup>([
    ["woman", 72],
    ["man", 6],
    ["child", 22],
  ]),
};
const namePicker = (entries: readonly NameEntry[]) => weighted(entries.map((entry) => [entry, entry[1]] as const));
const pickLastName = namePicker(LAST_NAMES);
const pickFirstName: Record<PersonGroup, (random: Random) => NameEntry> = {
  woman: namePicker(WOMEN_FIRST_NAMES),
  man: namePicker(MEN_FIRST_NAMES),
  child: namePicker(CHILDREN_FIRST_NAMES),
};

/** "2026-03-02" of a day number (days since 1970-01-01). */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "+221771234567" → "77 123 45 67" (how staff type and read it). */
export function nationalFormat(e164: string): string {
  const n = e164.replace(/^\+221/, "");
  return `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 7)} ${n.slice(7, 9)}`;
}

const foldCache = new Map<string, string>();
function folded(name: string): string {
  let key = foldCache.get(name);
  if (key === undefined) {
    key = foldName(name);
    foldCache.set(name, key);
  }
  return key;
}

/**
 * Unique numbers without remembering them: the k-th number of a prefix is an
 * affine permutation of k over the prefix's range, so k never repeats a number.
 */
class PhoneAllocator {
  #mobileNext = new Map<string, number>();
  #fixedNext = 0;
  readonly #offset: number;

  constructor(seed: number) {
    this.#offset = (Math.imul(seed >>> 0, 2654435761) >>> 0) % 1_000_000;
  }

  mobile(random: Random): string {
    const prefix = pickMobilePrefix(random);
    const k = this.#mobileNext.get(prefix) ?? 0;
    if (k >= 10_000_000) throw new Error(`no number left on +221 ${prefix}`);
    this.#mobileNext.set(prefix, k + 1);
    // 3,967,251 is prime to 10^7 = 2^7·5^7: k ↦ (a·k + b) mod 10^7 is a bijection.
    const n = (k * 3_967_251 + this.#offset * 7 + Number(prefix)) % 10_000_000;
    return `+221${prefix}${String(n).padStart(7, "0")}`;
  }

  /** A fixed line of Dakar: +221 33 8xx xx xx. */
  fixed(): string {
    const k = this.#fixedNext++;
    if (k >= 1_000_000) throw new Error("no fixed line left on +221 33 8");
    const n = (k * 123_457 + this.#offset) % 1_000_000;
    return `+221338${String(n).padStart(6, "0")}`;
  }
}

const Unit = { prospect: 0, patient: 1, converted: 2, legacyDuplicate: 3, alreadyPatient: 4 } as const;

/** How many units of each kind make exactly `prospects` prospects and `patients` patients. */
export function planUnits(options: Pick<GenerateOptions, "prospects" | "patients" | "shares">) {
  const { prospects, patients } = options;
  const shares = { converted: 0.12, legacyDuplicates: 0.04, alreadyPatients: 0.03, ...options.shares };
  const converted = Math.min(Math.round(prospects * shares.converted), patients);
  const legacyDuplicates = Math.min(
    Math.round(prospects * shares.legacyDuplicates),
    Math.floor((prospects - converted) / 2),
  );
  const alreadyPatients = Math.min(
    Math.round(prospects * shares.alreadyPatients),
    patients - converted,
    prospects - converted - 2 * legacyDuplicates,
  );
  return {
    converted,
    legacyDuplicates,
    alreadyPatients,
    singleProspects: prospects - converted - 2 * legacyDuplicates - alreadyPatients,
    singlePatients: patients - converted - alreadyPatients,
  };
}

interface Identity {
  group: PersonGroup;
  last: NameEntry;
  first: NameEntry;
  birthDay: number;
  phones: string[];
}

/**
 * The people, one at a time (a million need not sit in memory). Records of an
 * intended match come one after the other, the earlier-created first.
 */
export function* generatePeople(options: GenerateOptions): Generator<GeneratedPerson> {
  const seed = options.seed ?? DEMO_SEED;
  const random = new Random(seed);
  const phones = new PhoneAllocator(seed);
  const asOfMs = options.asOf.getTime();
  const asOfDay = Math.floor(asOfMs / DAY_MS);
  const windowDays = Math.max(14, options.windowDays ?? 365);
  const fixedCount = typeof options.interactionsPerPerson === "number" ? options.interactionsPerPerson : null;
  const countRange = typeof options.interactionsPerPerson === "object" ? options.interactionsPerPerson : null;

  const plan = planUnits(options);
  const units = new Uint8Array(
    plan.singleProspects + plan.singlePatients + plan.converted + plan.legacyDuplicates + plan.alreadyPatients,
  );
  let at = 0;
  for (const [unit, n] of [
    [Unit.prospect, plan.singleProspects],
    [Unit.patient, plan.singlePatients],
    [Unit.converted, plan.converted],
    [Unit.legacyDuplicate, plan.legacyDuplicates],
    [Unit.alreadyPatient, plan.alreadyPatients],
  ] as const) {
    units.fill(unit, at, at + n);
    at += n;
  }
  for (let i = units.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const unit = units[i] as number;
    units[i] = units[j] as number;
    units[j] = unit;
  }

  let index = 0;
  let ehrSequence = (options.firstEhrNumber ?? 1) - 1;

  /** A business-hours instant (08:00–17:59 in Dakar, UTC+0, never a Sunday) so many days before asOf. */
  const instantDaysBack = (daysBack: number): number => {
    let day = asOfDay - daysBack;
    if ((day + 4) % 7 === 0) day -= 1;
    const ms = day * DAY_MS + random.int(8 * 60, 17 * 60 + 59) * MINUTE_MS;
    return ms > asOfMs ? asOfMs - random.int(1, 180) * MINUTE_MS : ms;
  };
  /** Two instants: an earlier record, then the matching one `minGap`…`maxGap` days later. */
  const pairOfInstants = (minGap: number, maxGap: number): [number, number] => {
    const firstBack = random.int(minGap, windowDays - 1);
    const gap = random.int(minGap, Math.min(maxGap, firstBack));
    return [instantDaysBack(firstBack), instantDaysBack(firstBack - gap)];
  };

  const spell = (entry: NameEntry, style: "typed" | "ehr"): string => {
    const [usual, , others] = entry;
    const r = random.next();
    if (style === "ehr") {
      if (r < 0.6) return usual.toUpperCase();
      if (r < 0.9 || !others?.length) return usual;
      return random.pick(others);
    }
    if (r < 0.85 || (r < 0.95 && !others?.length)) return usual;
    if (r < 0.95 && others?.length) return random.pick(others);
    return usual.toUpperCase();
  };

  const newIdentity = (kind: "prospect" | "patient", createdMs: number): Identity => {
    const group = groupsOf[kind](random);
    const createdDay = Math.floor(createdMs / DAY_MS);
    let age: number;
    if (group === "woman") {
      age = random.chance(0.93) ? 18 + 27 * ((random.next() + random.next()) / 2) : 46 + 19 * random.next();
    } else if (group === "man") {
      age = 25 + 40 * ((random.next() + random.next()) / 2);
    } else {
      age = 14.9 * random.next() ** 2;
    }
    const count = pickPhoneCount(random);
    const list = [phones.mobile(random)];
    while (list.length < count) list.push(random.chance(0.75) ? phones.mobile(random) : phones.fixed());
    return {
      group,
      last: pickLastName(random),
      first: pickFirstName[group](random),
      birthDay: createdDay - Math.floor(age * 365.2425),
      phones: list,
    };
  };

  const contactFields = (identity: Identity, lastName: string, firstName: string) => {
    const adult = identity.group !== "child";
    let email: string | null = null;
    if (adult && random.chance(0.22)) {
      const local = random.chance(0.6)
        ? `${folded(firstName)}.${folded(lastName)}`
        : `${folded(firstName)}${folded(lastName)}${random.int(10, 99)}`;
      email = `${local}@${pickEmailDomain(random)}`;
    }
    const insuredDraw = random.next();
    const insured = insuredDraw < 0.3 ? true : insuredDraw < 0.6 ? false : null;
    const memberDraw = random.next();
    return {
      email,
      address: random.chance(0.4) ? random.pick(ADDRESSES) : null,
      insured,
      insurer: insured ? random.pick(INSURERS) : null,
      member: memberDraw < 0.08 ? true : memberDraw < 0.4 ? false : null,
      notes: random.chance(0.05) ? random.pick(NOTES) : null,
    };
  };

  const interactionCount = (): number => {
    if (fixedCount !== null) return fixedCount;
    if (countRange) return random.int(countRange.min, countRange.max);
    return pickDefaultInteractionCount(random);
  };

  /** A business-hours instant on the day of `ms` (or the Monday after a Sunday). */
  const businessHoursOf = (ms: number): number => {
    let day = Math.floor(ms / DAY_MS);
    if ((day + 4) % 7 === 0) day += 1;
    return day * DAY_MS + random.int(8 * 60, 17 * 60 + 59) * MINUTE_MS;
  };

  const makeInteractions = (
    kind: "prospect" | "patient",
    startMs: number,
    firstChannel: Channel,
    temperature: Temperature | null,
  ): GeneratedInteraction[] => {
    const count = interactionCount();
    const list: GeneratedInteraction[] = [];
    let previous = startMs;
    let previousRequests: string[] = [];
    for (let i = 0; i < count; i++) {
      let occurred = startMs;
      let recall = false;
      if (i > 0) {
        recall = kind === "prospect" && previousRequests.some((code) => RECALLED.has(code)) && random.chance(0.6);
        const gap = recall
          ? 7 * DAY_MS
          : temperature === "hot"
            ? random.int(1, 4) * DAY_MS
            : Math.ceil(-Math.log(1 - random.next()) * 8) * DAY_MS;
        occurred = recall ? previous + gap : businessHoursOf(previous + gap);
        // A recall due on a Sunday is made on the Monday.
        if (recall && (Math.floor(occurred / DAY_MS) + 4) % 7 === 0) occurred += DAY_MS;
        if (occurred < previous) occurred = previous + random.int(5, 120) * MINUTE_MS;
        if (occurred > asOfMs) {
          // No room left before asOf: squeeze the rest in, in order, in business hours when there is room.
          const squeezed = previous + Math.floor((asOfMs - previous) * (0.2 + 0.6 * random.next()));
          const snapped = businessHoursOf(squeezed);
          occurred =
            snapped > previous && snapped <= asOfMs ? snapped : Math.max(previous, squeezed - (squeezed % MINUTE_MS));
          recall = false;
        }
      }
      let channel: Channel;
      let requestTypes: string[] = [];
      if (i === 0) {
        channel = firstChannel;
        if (kind === "prospect") {
          const r = random.next();
          if (r < 0.95) requestTypes.push(pickProspectRequest(random));
          if (r < 0.2) requestTypes.push(pickProspectRequest(random));
        } else if (random.chance(0.7)) {
          requestTypes.push(pickPatientRequest(random));
        }
      } else if (recall) {
        channel = "phone_out";
      } else {
        channel = kind === "prospect" ? pickProspectChannel(random) : pickPatientChannel(random);
        if (random.chance(0.6))
          requestTypes.push((kind === "prospect" ? pickProspectRequest : pickPatientRequest)(random));
      }
      requestTypes = [...new Set(requestTypes)];

      let comment: string | null = null;
      const [mainRequest] = requestTypes;
      if (recall) {
        comment = random.chance(0.7) ? "RAPPEL 7 JOURS" : `RAPPEL 7 JOURS : ${random.pick(FOLLOW_UP_COMMENTS)}`;
      } else if (mainRequest && random.chance(0.85)) {
        comment = random.pick(REQUEST_COMMENTS[mainRequest] ?? REQUEST_COMMENTS.other ?? []);
      } else if (kind === "patient" && random.chance(0.7)) {
        comment = random.pick(PATIENT_COMMENTS);
      } else if (channel === "phone_out") {
        comment = random.pick(FOLLOW_UP_COMMENTS);
      }

      const documentsSent: string[] = [];
      if (requestTypes.includes("programme_info") && random.chance(0.6)) documentsSent.push("Flyer Programme NEST");
      if (requestTypes.includes("delivery_quote") && random.chance(0.4)) {
        documentsSent.push("Devis accouchement (pro forma)");
      }
      if (requestTypes.includes("prices") && random.chance(0.3)) documentsSent.push("Grille tarifaire NEST");
      if (kind === "prospect" && requestTypes.length > 0 && random.chance(0.15)) documentsSent.push("Brochure NEST");

      const motive =
        requestTypes.length === 0
          ? null
          : channel === "phone_in" || channel === "phone_out"
            ? "phone_information"
            : channel === "visit"
              ? "visit_information"
              : null;
      // Entered minutes later, or the next business day from a paper note; a note
      // not entered yet by asOf is taken as entered a minute after it happened
      // (clamping it to asOf would have a day's paper notes all recorded at one instant).
      const entered = random.chance(0.9)
        ? occurred + random.int(1, 15) * MINUTE_MS
        : businessHoursOf(occurred + DAY_MS);
      const recorded = entered <= asOfMs ? entered : Math.min(occurred + MINUTE_MS, asOfMs);
      list.push({
        occurredAt: new Date(occurred),
        recordedAt: new Date(recorded),
        channel,
        motive,
        requestTypes,
        comment,
        documentsSent,
        outcome: documentsSent.length > 0 ? "Documentation envoyée" : pickOutcome(random),
      });
      previous = occurred;
      previousRequests = requestTypes;
    }
    return list;
  };

  const temperatureHistory = (
    initial: Temperature,
    createdMs: number,
    interactions: GeneratedInteraction[],
  ): GeneratedTemperatureChange[] => {
    const changes: GeneratedTemperatureChange[] = [
      { from: null, to: initial, at: new Date(createdMs), reason: "création de la fiche" },
    ];
    if (interactions.length < 2 || !random.chance(0.3)) return changes;
    const moves = random.chance(0.8) ? 1 : 2;
    let current = initial;
    let last = createdMs;
    for (let m = 0; m < moves; m++) {
      const after = interactions[random.int(1, interactions.length - 1)];
      if (!after) break;
      const at = Math.min(asOfMs, Math.max(last + 1000, after.recordedAt.getTime() + 2 * MINUTE_MS));
      if (at <= last) break;
      const to = TEMPERATURE_MOVES[current](random);
      changes.push({ from: current, to, at: new Date(at), reason: random.pick(TEMPERATURE_REASONS[to]) });
      current = to;
      last = at;
    }
    return changes;
  };

  const finish = (
    base: Omit<GeneratedPerson, "lastInteractionAt" | "version" | "updatedAt" | "index" | "id">,
  ): GeneratedPerson => {
    const last = base.interactions.reduce<Date | null>(
      (max, i) => (max === null || i.occurredAt > max ? i.occurredAt : max),
      null,
    );
    const lastChange = base.temperatureChanges[base.temperatureChanges.length - 1];
    return {
      index: index++,
      id: random.uuid(),
      ...base,
      lastInteractionAt: last,
      version: Math.max(1, base.temperatureChanges.length),
      updatedAt: lastChange && lastChange.at > base.createdAt ? lastChange.at : base.createdAt,
    };
  };

  const prospect = (
    identity: Identity,
    createdMs: number,
    options: { lastName?: string; firstName?: string; phones?: string[]; relation?: GeneratedPerson["relation"] } = {},
  ): GeneratedPerson => {
    const lastName = options.lastName ?? spell(identity.last, "typed");
    const firstName = options.firstName ?? spell(identity.first, "typed");
    const origin = pickOrigin(random);
    const initial = pickTemperature(random);
    const interactions = makeInteractions("prospect", createdMs, FIRST_CHANNEL[origin] ?? "phone_in", initial);
    const temperatureChanges = temperatureHistory(initial, createdMs, interactions);
    return finish({
      kind: "prospect",
      group: identity.group,
      lastName,
      firstName,
      lastNameKey: folded(lastName),
      firstNameKey: folded(firstName),
      birthDate: isoDay(identity.birthDay),
      phones: options.phones ?? identity.phones,
      ...contactFields(identity, lastName, firstName),
      createdAt: new Date(createdMs),
      firstContactDate: isoDay(Math.floor(createdMs / DAY_MS)),
      origin,
      temperature: temperatureChanges[temperatureChanges.length - 1]?.to ?? initial,
      temperatureChanges,
      ehrNumber: null,
      ehrCreatedOn: null,
      possibleDuplicate: options.relation != null,
      relation: options.relation ?? null,
      interactions,
    });
  };

  const patient = (
    identity: Identity,
    ehrCreatedMs: number,
    options: { phones?: string[]; relation?: GeneratedPerson["relation"]; keepBirthDate?: boolean } = {},
  ): GeneratedPerson => {
    const lastName = spell(identity.last, "ehr");
    const firstName = spell(identity.first, "ehr");
    ehrSequence += 1;
    // Imported from the EHR within the hour or the next business day, never after asOf.
    const createdMs = Math.min(
      asOfMs,
      random.chance(0.7) ? ehrCreatedMs + random.int(5, 60) * MINUTE_MS : businessHoursOf(ehrCreatedMs + DAY_MS),
    );
    const laterMs = businessHoursOf(createdMs + random.int(0, 30) * DAY_MS);
    const firstContactMs = Math.min(asOfMs, laterMs > createdMs ? laterMs : createdMs + random.int(5, 90) * MINUTE_MS);
    const interactions = makeInteractions("patient", firstContactMs, pickPatientChannel(random), null);
    const birthKnown = options.keepBirthDate || random.chance(0.98);
    return finish({
      kind: "patient",
      group: identity.group,
      lastName,
      firstName,
      lastNameKey: folded(lastName),
      firstNameKey: folded(firstName),
      birthDate: birthKnown ? isoDay(identity.birthDay) : null,
      phones: options.phones ?? identity.phones,
      ...contactFields(identity, lastName, firstName),
      createdAt: new Date(createdMs),
      firstContactDate: null,
      origin: null,
      temperature: null,
      temperatureChanges: [],
      ehrNumber: `NEST-${String(ehrSequence).padStart(6, "0")}`,
      ehrCreatedOn: isoDay(Math.floor(ehrCreatedMs / DAY_MS)),
      possibleDuplicate: options.relation != null,
      relation: options.relation ?? null,
      interactions,
    });
  };

  for (const unit of units) {
    switch (unit) {
      case Unit.prospect: {
        const createdMs = instantDaysBack(random.int(0, windowDays - 1));
        yield prospect(newIdentity("prospect", createdMs), createdMs);
        break;
      }
      case Unit.patient: {
        const createdMs = instantDaysBack(random.int(0, windowDays - 1));
        yield patient(newIdentity("patient", createdMs), createdMs);
        break;
      }
      case Unit.converted: {
        // A prospect who became a patient: the EHR record comes 3 to 120 days later.
        const [prospectMs, patientMs] = pairOfInstants(3, 120);
        const identity = newIdentity("prospect", prospectMs);
        const first = prospect(identity, prospectMs);
        yield first;
        const byPhone = random.chance(0.7);
        const extra = byPhone && random.chance(0.2) ? [phones.mobile(random)] : [];
        yield patient(identity, patientMs, {
          phones: byPhone ? [first.phones[0] as string, ...extra] : [phones.mobile(random)],
          relation: { type: "converted", ofIndex: first.index, matchedOn: byPhone ? "phone" : "name_birth_date" },
          keepBirthDate: true,
        });
        break;
      }
      case Unit.legacyDuplicate: {
        // The same caller entered twice, months apart, the name typed another way.
        const [firstMs, secondMs] = pairOfInstants(5, 200);
        const identity = newIdentity("prospect", firstMs);
        const first = prospect(identity, firstMs);
        yield first;
        yield prospect(identity, secondMs, {
          phones: [first.phones[0] as string],
          relation: { type: "legacy_duplicate", ofIndex: first.index, matchedOn: "phone" },
        });
        break;
      }
      case Unit.alreadyPatient: {
        // A patient calling back for a quote: a prospect record with the patient's phone.
        const [patientMs, prospectMs] = pairOfInstants(10, 300);
        const identity = newIdentity("prospect", patientMs);
        const first = patient(identity, patientMs);
        yield first;
        yield prospect(identity, prospectMs, {
          phones: [first.phones[0] as string],
          relation: { type: "already_patient", ofIndex: first.index, matchedOn: "phone" },
        });
        break;
      }
    }
  }
}

/** All the people at once (demo-sized counts). */
export function generateDemoData(options: GenerateOptions): GeneratedPerson[] {
  return [...generatePeople(options)];
}

/**
 * Plans, without touching the database, what reception did around the generated
 * people: appointments booked after their requests (in free slots of the rooms
 * and practitioners, during opening hours), then attended, missed or cancelled;
 * the call register of the last few days with its messages; a pro forma quote or
 * two. The same people, seed and calendar always give the same plan.
 */

import { clinicDay, startOfClinicDay } from "../clinic-calendar.ts";
import { MINUTE_MS } from "../clock.ts";
import type { CallOutcome } from "../modules/calls/call.schema.ts";
import type { Settings } from "../modules/settings/settings.schema.ts";
import {
  APPOINTMENT_KINDS,
  type AppointmentKind,
  DEMO_ROOMS,
  type DemoSite,
  type PractitionerKey,
  practitionerSite,
  type RoomKey,
} from "./clinic.ts";
import { type GeneratedPerson, nationalFormat, REQUEST_COMMENTS } from "./generator.ts";
import { Random, weighted } from "./random.ts";

/** The settings the plan follows (settings.schema.ts). */
export interface ClinicCalendar {
  timeZone: string;
  opensAt: string;
  closesAt: string;
  saturdayIsBusinessDay: boolean;
  holidays: readonly string[];
}

/** The calendar of the clinic's settings. */
export const calendarOf = (settings: Settings): ClinicCalendar => ({
  timeZone: settings.timeZone,
  ...settings.businessDays,
  holidays: settings.holidays.map((h) => h.date),
});

/** An interaction recorded with a call the demo adds (the generated ones are referred to by index). */
export interface PlannedInteraction {
  channel: "phone_in" | "visit";
  requestTypes: string[];
  comment: string;
  outcome: string | null;
}

export interface PlannedCall {
  receivedAt: number;
  /** When the line was entered in the register (the clock of the step). */
  loggedAt: number;
  channel: "phone" | "visit";
  person: GeneratedPerson | null;
  /** person.interactions[index], or an interaction recorded with the line. */
  interaction: { index: number } | { extra: PlannedInteraction } | null;
  callerName: string | null;
  phone: string | null;
  request: string | null;
  cameBefore: boolean | null;
  outcome: CallOutcome;
  /** The service's name (clinic_services), for a transferred call. */
  transferService: string | null;
  holdSeconds: number;
  /** A line to resume (or call back) taken up again the same day. */
  resume: { at: number; outcome: "answered" | "transferred"; note: string; transferService: string | null } | null;
  /** A message left for a service, acknowledged later or still waiting. */
  message: { service: string; body: string; acknowledgedAt: number | null } | null;
}

export type AppointmentOutcome =
  | { status: "cancelled"; at: number; reason: string }
  | { status: "attended" | "no_show"; at: number };

export interface PlannedAppointment {
  person: GeneratedPerson;
  kind: AppointmentKind;
  site: DemoSite;
  room: RoomKey;
  practitioner: PractitionerKey;
  startsAt: number;
  minutes: number;
  bookedAt: number;
  /** The register line it was booked during. */
  call: PlannedCall | null;
  /** Null: still scheduled at asOf. */
  outcome: AppointmentOutcome | null;
}

export interface PlannedQuote {
  person: GeneratedPerson;
  at: number;
  channel: string;
  offer: "delivery" | "myomectomy";
  price: { member: boolean | null; room: "single" | "double"; label: string | null };
  notes: string;
}

export interface ReceptionPlan {
  appointments: PlannedAppointment[];
  calls: PlannedCall[];
  quotes: PlannedQuote[];
}

export interface PlanOptions {
  people: readonly GeneratedPerson[];
  asOf: Date;
  seed: number;
  calendar: ClinicCalendar;
  /** Days of the register before today (default 3). */
  registerDays?: number;
}

const CANCEL_REASONS = [
  "Empêchement professionnel, rappellera pour un autre créneau",
  "En voyage à cette date",
  "A choisi une autre structure",
  "Souhaite reporter après la paie",
  "Enfant malade, reportera",
  "Rendez-vous pris en double",
];
const pickCallOutcome = weighted<CallOutcome>([
  ["answered", 50],
  ["transferred", 24],
  ["message_left", 8],
  ["call_back_later", 6],
  ["to_resume", 12],
]);
/** The line of a call the generated history already has: its outcome, unless the interaction says it. */
const pickLineOutcome = weighted<CallOutcome>([
  ["answered", 70],
  ["transferred", 20],
  ["to_resume", 10],
]);
const pickCallRequest = weighted([
  ["appointment", 35],
  ["prices", 15],
  ["delivery_quote", 10],
  ["programme_info", 10],
  ["other", 30],
] as const);
const pickLeadDays = weighted([
  [0, 8],
  [1, 18],
  [2, 15],
  [3, 12],
  [5, 12],
  [7, 12],
  [10, 10],
  [14, 8],
  [21, 5],
] as const);
const pickKind = weighted<AppointmentKind>([
  ["gynaecology", 45],
  ["ultrasound", 17],
  ["prenatal", 18],
  ["fertility", 8],
  ["maternityVisit", 12],
]);
const OTHER_SERVICES = ["Maternité", "Gynécologie", "Pédiatrie", "Fertilité", "Comptabilité", "Service des admissions"];
const MESSAGE_REASONS: Record<string, string> = {
  appointment: "souhaite déplacer son rendez-vous",
  prices: "attend les tarifs de l'échographie obstétricale",
  delivery_quote: "attend le devis accouchement",
  programme_info: "souhaite être rappelée au sujet du Programme NEST",
  other: "souhaite parler au service de ses résultats",
};
/** Calls not linked to a record: staff log every call (procedure 3), identified or not. */
const UNLINKED_CALLS: readonly {
  callerName: string | null;
  phone: "mobile" | "fixed" | null;
  request: string;
  outcome: CallOutcome;
  service?: string;
}[] = [
  { callerName: null, phone: "mobile", request: "Demande l'adresse du site du Plateau", outcome: "answered" },
  { callerName: null, phone: null, request: "Demande les horaires de visite de la maternité", outcome: "answered" },
  {
    callerName: "Laboratoire d'analyses",
    phone: "fixed",
    request: "Résultats d'analyses à transmettre",
    outcome: "transferred",
    service: "Gynécologie",
  },
  {
    callerName: "Fournisseur de consommables",
    phone: "fixed",
    request: "Relance d'une facture",
    outcome: "transferred",
    service: "Comptabilité",
  },
  { callerName: null, phone: "mobile", request: "Faux numéro", outcome: "answered" },
  {
    callerName: "M. Faye",
    phone: "mobile",
    request: "Prend des nouvelles de son épouse hospitalisée",
    outcome: "transferred",
    service: "Maternité",
  },
  {
    callerName: "Mme Diallo",
    phone: "mobile",
    request: "Demande si la clinique accepte sa mutuelle",
    outcome: "answered",
  },
];

const HOUR = 60 * MINUTE_MS;
const minutesOf = (time: string) => {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

/** The clinic's days: opening hours, business days, in its time zone. */
class Calendar {
  readonly opens: number;
  readonly closes: number;
  readonly #holidays: Set<string>;

  constructor(readonly settings: ClinicCalendar) {
    this.opens = minutesOf(settings.opensAt);
    this.closes = minutesOf(settings.closesAt);
    this.#holidays = new Set(settings.holidays);
  }

  dayOf = (ms: number) => clinicDay(new Date(ms), this.settings.timeZone);
  start = (day: string, addDays = 0) => startOfClinicDay(day, this.settings.timeZone, addDays).getTime();
  addDays = (day: string, n: number) => this.dayOf(this.start(day, n));
  weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
  at = (day: string, minutes: number) => this.start(day) + minutes * MINUTE_MS;

  isOpen(day: string): boolean {
    const weekday = this.weekday(day);
    if (weekday === 0 || (weekday === 6 && !this.settings.saturdayIsBusinessDay)) return false;
    return !this.#holidays.has(day);
  }
}

const label = (person: GeneratedPerson) =>
  person.group === "child"
    ? `Parent de ${person.firstName} ${person.lastName}`
    : `${person.group === "man" ? "M." : "Mme"} ${person.lastName} ${person.firstName}`;

/** What the person asked, as the appointment kind: a child sees the paediatrician, comments say the rest. */
function kindOf(random: Random, person: GeneratedPerson, comment: string | null): AppointmentKind {
  const text = (comment ?? "").toLowerCase();
  if (person.group === "child" || text.includes("pédiatre") || text.includes("vaccin")) return "paediatrics";
  if (text.includes("échographie")) return "ultrasound";
  if (text.includes("sage-femme")) return "prenatal";
  if (text.includes("gynécologique")) return "gynaecology";
  if (text.includes("visiter")) return "maternityVisit";
  const kind = pickKind(random);
  if (person.group === "man") return "fertility";
  return kind === "maternityVisit" && person.kind === "patient" ? "prenatal" : kind;
}

/** The service a request is transferred to, or a message left for. */
function serviceFor(random: Random, request: string, person: GeneratedPerson | null): string {
  if (request === "delivery_quote" || request === "programme_info") return "Maternité";
  if (request === "prices") return "Comptabilité";
  if (request === "appointment") return person?.group === "child" ? "Pédiatrie" : "Gynécologie";
  return random.pick(OTHER_SERVICES);
}

/** What every part of the plan draws from. */
interface PlanContext {
  random: Random;
  calendar: Calendar;
  asOf: number;
}

/**
 * The plan. Booked slots never overlap in a room, for a practitioner or for a
 * person (a cancelled or missed slot is not given again), so every booking
 * goes through without accepting a clash.
 */
export function planReception(options: PlanOptions): ReceptionPlan {
  const context: PlanContext = {
    random: new Random((options.seed ^ 0x5eed_ca11) >>> 0),
    calendar: new Calendar(options.calendar),
    asOf: options.asOf.getTime(),
  };
  // The register first: appointments refer to its lines.
  const { calls, callOfInteraction } = planRegister(context, options);
  const appointments = planAppointments(context, options.people, calls, callOfInteraction);
  const quotes = planQuotes(context, options.people);
  return { appointments, calls, quotes };
}

/** The call register of the last few days up to asOf; the generated calls and visits of those days get their line. */
function planRegister(context: PlanContext, options: PlanOptions) {
  const { random, calendar, asOf } = context;
  const people = [...options.people].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.index - b.index);
  const calls: PlannedCall[] = [];
  const callOfInteraction = new Map<string, PlannedCall>();
  const today = calendar.dayOf(asOf);
  const days = [today];
  for (let back = 1; days.length <= (options.registerDays ?? 3) && back < 30; back++) {
    const day = calendar.addDays(today, -back);
    if (calendar.isOpen(day)) days.unshift(day);
  }
  const perFullDay = Math.min(14, Math.max(4, Math.round(options.people.length / 35)));
  // As staff type them ("77 123 45 67"); a caller not on record.
  const mobile = () =>
    nationalFormat(`+2217${random.pick(["7", "8", "6", "0"])}${String(random.int(0, 9_999_999)).padStart(7, "0")}`);
  const fixed = () => nationalFormat(`+221338${String(random.int(0, 999_999)).padStart(6, "0")}`);

  for (const day of days) {
    const opens = calendar.at(day, calendar.opens);
    const closes = calendar.at(day, calendar.closes);
    const isToday = day === today;
    // Today: the calls so far (the maternity answers before opening time too).
    const from = isToday && asOf < opens + HOUR ? Math.max(calendar.start(day), asOf - HOUR) : opens;
    const to = isToday ? Math.min(asOf, closes) : closes;
    const ofDay: PlannedCall[] = [];

    // Calls and visits the generated history already has this day get their register line.
    for (const person of options.people) {
      person.interactions.forEach((interaction, index) => {
        const at = interaction.occurredAt.getTime();
        if (calendar.dayOf(at) !== day || at > asOf) return;
        if (interaction.channel !== "phone_in" && interaction.channel !== "visit") return;
        const [request] = interaction.requestTypes;
        let outcome = pickLineOutcome(random);
        if (interaction.outcome === "Transférée au service maternité") outcome = "transferred";
        else if (interaction.outcome === "Message laissé") outcome = "message_left";
        else if (interaction.outcome === "Rappel prévu") outcome = "call_back_later";
        else if (interaction.outcome === "RDV pris") outcome = "answered";
        const call = lineFor(context, person, at, Math.min(asOf, interaction.recordedAt.getTime() + MINUTE_MS), {
          channel: interaction.channel === "visit" ? "visit" : "phone",
          interaction: { index },
          request: interaction.comment,
          requestType: request ?? "other",
          outcome,
          transferService: interaction.outcome?.includes("maternité") ? "Maternité" : null,
        });
        ofDay.push(call);
        callOfInteraction.set(`${person.index}:${index}`, call);
      });
    }

    const progress = isToday ? Math.min(1, Math.max(0, (to - opens) / (closes - opens))) : 1;
    const wanted = Math.round(perFullDay * progress);
    const extraCount = isToday ? Math.max(4, wanted - ofDay.length) : Math.max(0, wanted - ofDay.length);
    const times = Array.from({ length: extraCount }, () => {
      const at = from + Math.floor(random.next() * Math.max(0, to - from));
      return at - (at % MINUTE_MS);
    }).sort((a, b) => a - b);
    times.forEach((receivedAt, i) => {
      // The last lines of today: a booking, a message still waiting, two lines to resume.
      const forced = isToday ? (["booking", "message", "open", "open"] as const)[i - (times.length - 4)] : undefined;
      const loggedAt = Math.min(asOf, receivedAt + random.int(1, 6) * MINUTE_MS);
      const eligible = people.filter((p) => p.createdAt.getTime() < receivedAt - HOUR);
      if ((forced === "booking" || random.chance(0.75)) && eligible.length > 0) {
        const person = random.pick(eligible);
        const requestType = forced === "booking" ? "appointment" : pickCallRequest(random);
        const channel = random.chance(0.85) ? "phone" : "visit";
        let outcome = pickCallOutcome(random);
        if (forced === "booking") outcome = "answered";
        if (forced === "message") outcome = "message_left";
        if (forced === "open") outcome = "to_resume";
        const comment = random.pick(REQUEST_COMMENTS[requestType] ?? []);
        const call = lineFor(context, person, receivedAt, loggedAt, {
          channel,
          interaction: {
            extra: {
              channel: channel === "visit" ? "visit" : "phone_in",
              requestTypes: [requestType],
              comment,
              outcome:
                outcome === "answered" && requestType === "appointment"
                  ? "RDV pris"
                  : outcome === "message_left"
                    ? "Message laissé"
                    : outcome === "transferred"
                      ? "Transférée"
                      : null,
            },
          },
          request: comment,
          requestType,
          outcome,
          transferService: null,
          keepOpen: forced === "open",
          keepMessage: forced === "message",
        });
        ofDay.push(call);
      } else {
        const template = random.pick(UNLINKED_CALLS);
        const outcome = forced === "message" ? "message_left" : forced === "open" ? "to_resume" : template.outcome;
        const call: PlannedCall = {
          receivedAt,
          loggedAt,
          channel: "phone",
          person: null,
          interaction: null,
          callerName: template.callerName,
          phone: template.phone === "mobile" ? mobile() : template.phone === "fixed" ? fixed() : null,
          request: template.request,
          cameBefore: null,
          outcome,
          transferService: outcome === "transferred" ? (template.service ?? "Maternité") : null,
          holdSeconds: outcome === "transferred" ? random.int(15, 180) : 0,
          resume: null,
          message: null,
        };
        settle(context, call, "other", forced === "open", forced === "message");
        ofDay.push(call);
      }
    });
    calls.push(...ofDay.sort((a, b) => a.receivedAt - b.receivedAt));
  }
  return { calls, callOfInteraction };
}

/** The register line of a call or visit from a person on record, settled (resumed, message taken) as planned. */
function lineFor(
  context: PlanContext,
  person: GeneratedPerson,
  receivedAt: number,
  loggedAt: number,
  line: {
    channel: "phone" | "visit";
    interaction: PlannedCall["interaction"];
    request: string | null;
    requestType: string;
    outcome: CallOutcome;
    transferService: string | null;
    keepOpen?: boolean;
    keepMessage?: boolean;
  },
): PlannedCall {
  const { random } = context;
  const call: PlannedCall = {
    receivedAt,
    loggedAt,
    channel: line.channel,
    person,
    interaction: line.interaction,
    callerName: label(person),
    phone: line.channel === "phone" && person.phones[0] ? nationalFormat(person.phones[0]) : null,
    request: line.request,
    cameBefore: person.kind === "patient" || person.interactions.some((i) => i.occurredAt.getTime() < receivedAt),
    outcome: line.outcome,
    transferService:
      line.outcome === "transferred" ? (line.transferService ?? serviceFor(random, line.requestType, person)) : null,
    holdSeconds: line.outcome === "transferred" ? random.int(15, 180) : line.outcome === "to_resume" ? 60 : 0,
    resume: null,
    message: null,
  };
  settle(context, call, line.requestType, line.keepOpen ?? false, line.keepMessage ?? false);
  return call;
}

/** A line to resume is resumed later that day (unless kept open); a message is acknowledged later (unless kept waiting). */
function settle(context: PlanContext, call: PlannedCall, requestType: string, keepOpen: boolean, keepMessage: boolean) {
  const { random, asOf } = context;
  if (call.outcome === "to_resume" || call.outcome === "call_back_later") {
    // Taken up again within hours; today's, before asOf unless just logged.
    let at = call.loggedAt + random.int(20, 150) * MINUTE_MS;
    if (at > asOf && asOf - call.loggedAt >= 15 * MINUTE_MS) at = asOf - random.int(0, 10) * MINUTE_MS;
    if (!keepOpen && at <= asOf && at > call.loggedAt) {
      const transferred = random.chance(0.3);
      call.resume = {
        at,
        outcome: transferred ? "transferred" : "answered",
        note: transferred ? "Rappelée, transférée au service" : "Rappelée, demande traitée",
        transferService: transferred ? serviceFor(random, requestType, call.person) : null,
      };
    }
  }
  if (call.outcome === "message_left") {
    const who = call.person ? label(call.person) : (call.callerName ?? "Un correspondant");
    const reason = MESSAGE_REASONS[requestType] ?? MESSAGE_REASONS.other;
    const back = call.phone ? ` Merci de rappeler au ${call.phone}.` : "";
    const acknowledgedAt = call.loggedAt + random.int(20, 240) * MINUTE_MS;
    call.message = {
      service: serviceFor(random, requestType, call.person),
      body: `${who} ${reason}.${back}`,
      acknowledgedAt: keepMessage || acknowledgedAt > asOf ? null : acknowledgedAt,
    };
  }
}

/** Appointments booked after the requests for one, in free slots; then attended, missed or cancelled. */
function planAppointments(
  context: PlanContext,
  people: readonly GeneratedPerson[],
  calls: PlannedCall[],
  callOfInteraction: Map<string, PlannedCall>,
): PlannedAppointment[] {
  const { random, calendar, asOf } = context;
  const today = calendar.dayOf(asOf);
  const occupied = new Map<string, [number, number][]>();
  const isFree = (keys: string[], start: number, end: number) =>
    keys.every((key) => !(occupied.get(key) ?? []).some(([a, b]) => a < end && b > start));
  const take = (keys: string[], start: number, end: number) => {
    for (const key of keys) {
      const list = occupied.get(key) ?? [];
      list.push([start, end]);
      occupied.set(key, list);
    }
  };

  /** The first free slot from the lead day on: a practitioner of the kind, on the site where they are that day, in a room of that site. */
  const findSlot = (kind: AppointmentKind, person: GeneratedPerson, bookedAt: number, leadDays: number) => {
    const spec = APPOINTMENT_KINDS[kind];
    let day = calendar.addDays(calendar.dayOf(bookedAt), leadDays);
    for (let tries = 0; tries < 40; tries++, day = calendar.addDays(day, 1)) {
      if (!calendar.isOpen(day)) continue;
      const weekday = calendar.weekday(day);
      const starts: number[] = [];
      for (let m = calendar.opens; m + spec.minutes <= calendar.closes; m += 15) starts.push(m);
      const offset = random.int(0, starts.length - 1);
      const practitioners = random.shuffle([...spec.practitioners]);
      for (let i = 0; i < starts.length; i++) {
        const start = calendar.at(day, starts[(offset + i) % starts.length] as number);
        if (start < bookedAt + HOUR) continue;
        const end = start + spec.minutes * MINUTE_MS;
        for (const practitioner of practitioners) {
          const site = practitionerSite(practitioner, weekday);
          const rooms = random.shuffle(
            (spec.rooms as readonly RoomKey[]).filter((r) => DEMO_ROOMS.find((d) => d.key === r)?.site === site),
          );
          for (const room of rooms) {
            const keys = [`room:${room}`, `practitioner:${practitioner}`, `person:${person.index}`];
            if (!isFree(keys, start, end)) continue;
            take(keys, start, end);
            return { day, site, room, practitioner, start, minutes: spec.minutes };
          }
        }
      }
    }
    return null;
  };

  const appointments: PlannedAppointment[] = [];
  const book = (person: GeneratedPerson, bookedAt: number, comment: string | null, call: PlannedCall | null) => {
    const kind = kindOf(random, person, comment);
    const lead =
      call?.person && call.interaction && "extra" in call.interaction
        ? Math.max(1, pickLeadDays(random))
        : pickLeadDays(random);
    const slot = findSlot(kind, person, bookedAt, lead);
    if (!slot) return null;
    const appointment: PlannedAppointment = {
      person,
      kind,
      site: slot.site,
      room: slot.room,
      practitioner: slot.practitioner,
      startsAt: slot.start,
      minutes: slot.minutes,
      bookedAt,
      call,
      outcome: null,
    };
    appointments.push(appointment);
    return appointment;
  };

  for (const person of people) {
    person.interactions.forEach((interaction, index) => {
      const asked = interaction.requestTypes.includes("appointment");
      if (!(interaction.outcome === "RDV pris" || (asked && random.chance(0.6)))) return;
      const call = callOfInteraction.get(`${person.index}:${index}`) ?? null;
      const bookedAt = call ? call.loggedAt + MINUTE_MS : interaction.recordedAt.getTime() + 2 * MINUTE_MS;
      book(person, Math.min(asOf, bookedAt), interaction.comment, call);
    });
  }
  const forcedUpcoming: PlannedAppointment[] = [];
  for (const call of calls) {
    const extra = call.person && call.interaction && "extra" in call.interaction ? call.interaction.extra : null;
    if (!call.person || !extra || extra.outcome !== "RDV pris") continue;
    const appointment = book(call.person, Math.min(asOf, call.loggedAt + MINUTE_MS), extra.comment, call);
    if (appointment && call.receivedAt >= calendar.start(today)) forcedUpcoming.push(appointment);
  }

  for (const appointment of appointments) {
    if (forcedUpcoming.includes(appointment)) continue;
    appointment.outcome = outcomeOf(context, appointment);
  }
  // The conversion table needs each case at least once.
  const past = appointments.filter((a) => a.startsAt <= asOf);
  if (!past.some((a) => a.outcome?.status === "no_show")) {
    const target = past.find((a) => a.outcome?.status === "attended");
    if (target?.outcome) target.outcome = { status: "no_show", at: target.outcome.at };
  }
  if (!past.some((a) => a.outcome?.status === "cancelled")) {
    const target = past.find((a) => a.outcome?.status === "attended" && a.startsAt - 40 * MINUTE_MS > a.bookedAt);
    if (target)
      target.outcome = {
        status: "cancelled",
        at: target.startsAt - 30 * MINUTE_MS,
        reason: CANCEL_REASONS[0] as string,
      };
  }

  return appointments;
}

/** What became of a booked appointment by asOf: missed or attended once ended, cancelled before; null while to come. */
function outcomeOf(context: PlanContext, appointment: PlannedAppointment): AppointmentOutcome | null {
  const { random, asOf } = context;
  const { startsAt, bookedAt } = appointment;
  const endsAt = startsAt + appointment.minutes * MINUTE_MS;
  if (startsAt > asOf) {
    if (asOf - bookedAt < HOUR || !random.chance(0.08)) return null;
    return {
      status: "cancelled",
      at: bookedAt + Math.floor(random.next() * (asOf - bookedAt)),
      reason: random.pick(CANCEL_REASONS),
    };
  }
  const latest = startsAt - 30 * MINUTE_MS;
  if (latest > bookedAt + 10 * MINUTE_MS && random.chance(0.1)) {
    // Mostly the day before or the same morning.
    const earliest = Math.max(bookedAt + 10 * MINUTE_MS, latest - 2 * 24 * HOUR);
    return {
      status: "cancelled",
      at: earliest + Math.floor(random.next() * (latest - earliest)),
      reason: random.pick(CANCEL_REASONS),
    };
  }
  const missed = random.chance(appointment.person.kind === "prospect" ? 0.2 : 0.12);
  const at = endsAt + random.int(missed ? 30 : 5, missed ? 180 : 60) * MINUTE_MS;
  if (at > asOf) return null;
  return { status: missed ? "no_show" : "attended", at };
}

/** A pro forma quote or two, for the latest prospects who asked for one. */
function planQuotes(context: PlanContext, people: readonly GeneratedPerson[]): PlannedQuote[] {
  const { random, asOf } = context;
  const asked = people
    .filter((p) => p.kind === "prospect")
    .flatMap((person) =>
      person.interactions
        .filter((i) => i.requestTypes.some((code) => code === "delivery_quote" || code === "myomectomy_quote"))
        .map((interaction) => ({ person, interaction })),
    )
    .filter(({ interaction }) => interaction.recordedAt.getTime() + 40 * MINUTE_MS <= asOf)
    .sort(
      (a, b) =>
        b.interaction.recordedAt.getTime() - a.interaction.recordedAt.getTime() || a.person.index - b.person.index,
    );
  const quotes: PlannedQuote[] = [];
  for (const { person, interaction } of asked) {
    if (quotes.length === 2) break;
    if (quotes.some((q) => q.person === person)) continue;
    const delivery = interaction.requestTypes.includes("delivery_quote");
    quotes.push({
      person,
      at: interaction.recordedAt.getTime() + random.int(10, 40) * MINUTE_MS,
      channel: interaction.channel,
      offer: delivery ? "delivery" : "myomectomy",
      price: delivery
        ? person.member
          ? { member: true, room: "single", label: "Voie basse" }
          : { member: false, room: random.chance(0.6) ? "single" : "double", label: "Voie basse" }
        : { member: null, room: "single", label: null },
      notes: delivery ? "Prise en charge du nouveau-né non comprise" : "Bilan préopératoire non compris",
    });
  }

  return quotes;
}

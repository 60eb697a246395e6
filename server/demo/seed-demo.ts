import { and, count, eq, gt, isNull } from "drizzle-orm";
import { authorize } from "../authorize.ts";
import { ManualClock } from "../clock.ts";
import type { Ctx } from "../context.ts";
import {
  appointments,
  calls,
  documents,
  interactions,
  offerPrices,
  offers,
  people,
  phoneMessages,
  practitioners,
  quotes,
  rooms,
  temperatureChanges,
} from "../db/schema/index.ts";
import { AppError } from "../http/errors.ts";
import { uploadDocument } from "../modules/documents/documents.ts";
import { createInteractionInput } from "../modules/interactions/interaction.schema.ts";
import { createInteraction } from "../modules/interactions/interactions.ts";
import { changeTemperature } from "../modules/people/change-temperature.ts";
import { createPatient, createProspect } from "../modules/people/create-person.ts";
import { foldName } from "../modules/people/names.ts";
import { createPatientInput, createProspectInput } from "../modules/people/person.schema.ts";
import { readSettings } from "../modules/settings/settings.ts";
import { createDemoAccounts, type DemoAccount } from "./demo-accounts.ts";
import { DEMO_DOCUMENTS, renderDemoDocument } from "./demo-documents.ts";
import { DAY_MS, DEMO_SEED, type GeneratedPerson, generateDemoData } from "./generator.ts";
import { WOMEN_FIRST_NAMES } from "./names.ts";
import { calendarOf, planReception } from "./reception-plan.ts";
import { seedFollowUp } from "./seed-follow-up.ts";
import { seedNewsletters } from "./seed-newsletters.ts";
import { receptionSteps, type Step } from "./seed-reception.ts";

export interface SeedDemoOptions {
  /** The demo's "now": the generated history ends here. */
  asOf: Date;
  prospects?: number;
  patients?: number;
  seed?: number;
  windowDays?: number;
  /** Called now and then while seeding (done / total steps). */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedDemoResult {
  seeded: boolean;
  prospects: number;
  patients: number;
  interactions: number;
  temperatureChanges: number;
  rooms: number;
  practitioners: number;
  /** Offers of the catalogue with at least one price. */
  pricedOffers: number;
  appointments: number;
  /** Still scheduled, starting after asOf. */
  upcomingAppointments: number;
  calls: number;
  messages: number;
  quotes: number;
  /** Demonstration PDFs put in the documentation library (« Envoyer la documentation »). */
  documents: number;
  /** The staff accounts created, with their generated passwords: to print once, never stored in clear. */
  accounts: DemoAccount[];
  /** Procedure 5: pregnancies followed, deliveries, babies. */
  pregnancies: number;
  deliveries: number;
  children: number;
  /** Issue 16: consents recorded, saved segments, a newsletter draft, mothers' group memberships. */
  consents: number;
  segments: number;
  campaigns: number;
  mothersGroup: number;
  /** One French line to print. */
  message: string;
}

/** Women's first names as folded keys (any spelling): the demo's pregnancies are followed on women's records. */
const WOMEN = new Set(
  WOMEN_FIRST_NAMES.flatMap(([usual, , spellings]) => [usual, ...(spellings ?? [])].map((name) => foldName(name))),
);

const NOTHING = {
  prospects: 0,
  patients: 0,
  interactions: 0,
  temperatureChanges: 0,
  rooms: 0,
  practitioners: 0,
  pricedOffers: 0,
  appointments: 0,
  upcomingAppointments: 0,
  calls: 0,
  messages: 0,
  quotes: 0,
  documents: 0,
  pregnancies: 0,
  deliveries: 0,
  consents: 0,
  segments: 0,
  campaigns: 0,
  mothersGroup: 0,
  children: 0,
  accounts: [],
};

/**
 * Fills an empty base with demonstration data, through the real use cases
 * (createProspect, createPatient, createInteraction, changeTemperature, then
 * the reception's: rooms, practitioners, priced catalogue, appointments, call
 * register, messages, pro forma quotes): every record is validated and audited
 * as if staff had entered it, at the instant the generator says (a clock of
 * its own replays the history up to asOf). Does nothing, and says so, when the
 * base already has people.
 */
export async function seedDemo(ctx: Ctx, options: SeedDemoOptions): Promise<SeedDemoResult> {
  authorize(ctx.actor, "people.write");
  const { db } = ctx.database;
  const [existing] = await db.select({ n: count() }).from(people);
  if ((existing?.n ?? 0) > 0) {
    return {
      seeded: false,
      ...NOTHING,
      message: `Données de démonstration non ajoutées : la base contient déjà ${existing?.n} fiches.`,
    };
  }

  const { settings } = await readSettings(db);
  const known = (list: { code: string }[]) => new Set(list.map((e) => e.code));
  const origins = known(settings.origins);
  const motives = known(settings.interactionMotives);
  const requestTypes = known(settings.requestTypes);
  const fallbackOrigin = settings.origins[0]?.code ?? "other";

  const generated = generateDemoData({
    asOf: options.asOf,
    prospects: options.prospects ?? 300,
    patients: options.patients ?? 150,
    seed: options.seed ?? DEMO_SEED,
    windowDays: options.windowDays ?? 365,
  });

  const clock = new ManualClock(options.asOf);
  const demo: Ctx = { ...ctx, clock };
  const records = new Map<number, { id: string; version: number }>();
  const interactionIds = new Map<string, string>();
  const recordOf = (person: GeneratedPerson) => {
    const record = records.get(person.index);
    if (!record) throw new Error(`demo person ${person.index} was not created`);
    return record;
  };

  const create = async (
    person: GeneratedPerson,
    confirmDuplicate: boolean,
  ): Promise<{ id: string; version: number }> => {
    const common = {
      lastName: person.lastName,
      firstName: person.firstName,
      email: person.email,
      address: person.address,
      insured: person.insured,
      insurer: person.insurer,
      member: person.member,
      notes: person.notes,
      confirmDuplicate,
    };
    const created =
      person.kind === "prospect"
        ? await createProspect(
            demo,
            createProspectInput.parse({
              ...common,
              phones: person.phones,
              birthDate: person.birthDate,
              firstContactDate: person.firstContactDate,
              origin: person.origin && origins.has(person.origin) ? person.origin : fallbackOrigin,
              temperature: person.temperatureChanges[0]?.to ?? person.temperature,
            }),
          )
        : await createPatient(
            demo,
            createPatientInput.parse({
              ...common,
              phones: person.phones,
              birthDate: person.birthDate,
              ehrNumber: person.ehrNumber,
              ehrCreatedOn: person.ehrCreatedOn,
            }),
          );
    return { id: created.person.id, version: created.person.version };
  };

  const steps: Step[] = [];
  for (const person of generated) {
    steps.push({
      at: person.createdAt.getTime(),
      order: 0,
      run: async () => {
        const record = await create(person, person.possibleDuplicate).catch((error: unknown) => {
          // A namesake born the same day (not an intended match): staff would confirm it too.
          if (error instanceof AppError && error.code === "possible_duplicate") return create(person, true);
          throw error;
        });
        records.set(person.index, record);
      },
    });
    for (const [index, interaction] of person.interactions.entries()) {
      steps.push({
        at: interaction.recordedAt.getTime(),
        order: 1,
        run: async () => {
          const created = await createInteraction(
            demo,
            person.kind,
            recordOf(person).id,
            createInteractionInput.parse({
              channel: interaction.channel,
              occurredAt: interaction.occurredAt.toISOString(),
              motive: interaction.motive && motives.has(interaction.motive) ? interaction.motive : null,
              requestTypes: interaction.requestTypes.filter((code) => requestTypes.has(code)),
              comment: interaction.comment,
              documentsSent: interaction.documentsSent,
              outcome: interaction.outcome,
            }),
          );
          interactionIds.set(`${person.index}:${index}`, created.id);
        },
      });
    }
    for (const change of person.temperatureChanges.slice(1)) {
      steps.push({
        at: change.at.getTime(),
        order: 2,
        run: async () => {
          const record = recordOf(person);
          const after = await changeTemperature(demo, record.id, {
            version: record.version,
            temperature: change.to,
            reason: change.reason,
          });
          record.version = after.version;
        },
      });
    }
  }

  const plan = planReception({
    people: generated,
    asOf: options.asOf,
    seed: options.seed ?? DEMO_SEED,
    calendar: calendarOf(settings),
  });
  const main = settings.sites.find((s) => s.code === "CLINIQUE") ?? settings.sites[0];
  const branch = settings.sites.find((s) => s.code === "PLATEAU") ?? settings.sites[1] ?? main;
  const firstAt = [...steps.map((step) => step.at), ...plan.calls.map((call) => call.receivedAt)].reduce(
    (min, at) => Math.min(min, at),
    options.asOf.getTime(),
  );
  steps.push(
    ...receptionSteps(
      demo,
      plan,
      {
        personId: (person) => recordOf(person).id,
        interactionId: (person, index) => {
          const id = interactionIds.get(`${person.index}:${index}`);
          if (!id) throw new Error(`demo interaction ${person.index}:${index} was not recorded`);
          return id;
        },
      },
      // The clinic is set up (rooms, practitioners, prices) the day before the first record.
      {
        setupAt: firstAt - DAY_MS,
        sites: { main: main?.code ?? "CLINIQUE", branch: branch?.code ?? "CLINIQUE" },
      },
    ),
  );
  // The same day as the clinic's set-up: the demonstration library and the staff accounts.
  let accounts: DemoAccount[] = [];
  steps.push(
    {
      at: firstAt - DAY_MS,
      order: -2,
      run: async () => {
        for (const document of DEMO_DOCUMENTS) {
          // Uncompressed: small either way, and its text stays readable (tests, search).
          const content = await renderDemoDocument(document, {
            clinicName: settings.clinicName,
            at: clock.now(),
            compress: false,
          });
          await uploadDocument(demo, { name: document.name, file: { fileName: document.fileName, content } });
        }
      },
    },
    {
      at: firstAt - DAY_MS,
      order: -1,
      run: async () => {
        accounts = await createDemoAccounts(demo);
      },
    },
  );
  steps.sort((a, b) => a.at - b.at || a.order - b.order);

  for (const [i, step] of steps.entries()) {
    clock.set(new Date(step.at));
    await step.run();
    if (options.onProgress && (i % 100 === 99 || i === steps.length - 1)) options.onProgress(i + 1, steps.length);
  }

  // Procedure 5: pregnancies, a delivery of twins, their first doses (the patients' follow-up).
  const women = generated
    .filter((person) => person.kind === "patient" && WOMEN.has(foldName(person.firstName)))
    .map((person) => ({ id: recordOf(person).id, lastName: person.lastName }));
  const followUp = await seedFollowUp(demo, clock, options.asOf, settings.timeZone, women);
  // Issue 16: consents, segments, a newsletter ready to send, the mothers' group.
  const newsletters = await seedNewsletters(demo, clock, options.asOf, women);

  const n = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const result = {
    seeded: true,
    prospects: await n(db.select({ n: count() }).from(people).where(eq(people.kind, "prospect"))),
    patients: await n(db.select({ n: count() }).from(people).where(eq(people.kind, "patient"))),
    interactions: await n(db.select({ n: count() }).from(interactions)),
    temperatureChanges: await n(db.select({ n: count() }).from(temperatureChanges)),
    rooms: await n(db.select({ n: count() }).from(rooms)),
    practitioners: await n(db.select({ n: count() }).from(practitioners)),
    pricedOffers: await n(
      db
        .select({ n: count() })
        .from(offers)
        .where(gt(db.$count(offerPrices, eq(offerPrices.offerId, offers.id)), 0)),
    ),
    appointments: await n(db.select({ n: count() }).from(appointments)),
    upcomingAppointments: await n(
      db
        .select({ n: count() })
        .from(appointments)
        .where(and(eq(appointments.status, "scheduled"), gt(appointments.startsAt, options.asOf))),
    ),
    calls: await n(db.select({ n: count() }).from(calls)),
    messages: await n(db.select({ n: count() }).from(phoneMessages)),
    quotes: await n(db.select({ n: count() }).from(quotes)),
    documents: await n(db.select({ n: count() }).from(documents)),
    ...followUp,
    ...newsletters,
  };
  const waiting = await n(db.select({ n: count() }).from(phoneMessages).where(isNull(phoneMessages.acknowledgedAt)));
  return {
    ...result,
    accounts,
    message:
      `Données de démonstration : ${result.prospects} prospects, ${result.patients} patients, ` +
      `${result.interactions} interactions, ${result.rooms} salles, ${result.practitioners} praticiens, ` +
      `${result.pricedOffers} offres tarifées, ${result.appointments} rendez-vous (dont ${result.upcomingAppointments} à venir), ` +
      `${result.calls} appels au registre, ${result.messages} messages (${waiting} en attente), ${result.quotes} devis pro forma, ${result.documents} documents dans la bibliothèque, ` +
      `${followUp.pregnancies} grossesses suivies, ${followUp.deliveries} accouchement (${followUp.children} bébés), ` +
      `${newsletters.consents} consentements, ${newsletters.segments} segments, ${newsletters.campaigns} newsletter prête à envoyer, ` +
      `${newsletters.mothersGroup} mamans au groupe`,
  };
}

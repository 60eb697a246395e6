import { count, eq } from "drizzle-orm";
import { authorize } from "../authorize.ts";
import { ManualClock } from "../clock.ts";
import type { Ctx } from "../context.ts";
import { interactions, people, temperatureChanges } from "../db/schema/index.ts";
import { AppError } from "../http/errors.ts";
import { createInteractionInput } from "../modules/interactions/interaction.schema.ts";
import { createInteraction } from "../modules/interactions/interactions.ts";
import { changeTemperature } from "../modules/people/change-temperature.ts";
import { createPatient, createProspect } from "../modules/people/create-person.ts";
import { createPatientInput, createProspectInput } from "../modules/people/person.schema.ts";
import { readSettings } from "../modules/settings/settings.ts";
import { DEMO_SEED, type GeneratedPerson, generateDemoData } from "./generator.ts";

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
  /** One French line to print. */
  message: string;
}

interface Step {
  at: number;
  /** Creation before interactions before temperature changes of one instant. */
  order: number;
  run: () => Promise<void>;
}

/**
 * Fills an empty base with demonstration data, through the real use cases
 * (createProspect, createPatient, createInteraction, changeTemperature): every
 * record is validated and audited as if staff had entered it, at the instant
 * the generator says (a clock of its own replays the history up to asOf).
 * Does nothing, and says so, when the base already has people.
 */
export async function seedDemo(ctx: Ctx, options: SeedDemoOptions): Promise<SeedDemoResult> {
  authorize(ctx.actor, "people.write");
  const { db } = ctx.database;
  const [existing] = await db.select({ n: count() }).from(people);
  if ((existing?.n ?? 0) > 0) {
    return {
      seeded: false,
      prospects: 0,
      patients: 0,
      interactions: 0,
      temperatureChanges: 0,
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
    for (const interaction of person.interactions) {
      steps.push({
        at: interaction.recordedAt.getTime(),
        order: 1,
        run: async () => {
          await createInteraction(
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
  steps.sort((a, b) => a.at - b.at || a.order - b.order);

  for (const [i, step] of steps.entries()) {
    clock.set(new Date(step.at));
    await step.run();
    if (options.onProgress && (i % 100 === 99 || i === steps.length - 1)) options.onProgress(i + 1, steps.length);
  }

  const [prospectCount] = await db.select({ n: count() }).from(people).where(eq(people.kind, "prospect"));
  const [patientCount] = await db.select({ n: count() }).from(people).where(eq(people.kind, "patient"));
  const [interactionCount] = await db.select({ n: count() }).from(interactions);
  const [changeCount] = await db.select({ n: count() }).from(temperatureChanges);
  const result = {
    seeded: true,
    prospects: prospectCount?.n ?? 0,
    patients: patientCount?.n ?? 0,
    interactions: interactionCount?.n ?? 0,
    temperatureChanges: changeCount?.n ?? 0,
  };
  return {
    ...result,
    message: `Données de démonstration : ${result.prospects} prospects, ${result.patients} patients, ${result.interactions} interactions`,
  };
}

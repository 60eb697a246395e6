import { describe, expect, it } from "vitest";
import { foldName } from "../modules/people/names.ts";
import { parsePhone } from "../modules/people/phones.ts";
import { settingsSchema } from "../modules/settings/settings.schema.ts";
import { generateDemoData, generatePeople, nationalFormat, planUnits } from "./generator.ts";
import { Random } from "./random.ts";

const asOf = new Date("2026-03-02T09:00:00Z");
const DAY = 24 * 3600 * 1000;
const people = generateDemoData({ asOf, prospects: 600, patients: 300 });
const defaults = settingsSchema.parse({});
const byIndex = new Map(people.map((p) => [p.index, p]));

const ageAt = (birthDate: string, at: Date) => (at.getTime() - Date.parse(`${birthDate}T00:00:00Z`)) / (365.2425 * DAY);

describe("Random", () => {
  it("repeats its sequence for a seed and differs across seeds", () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.uint32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const r = new Random(7);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
    expect(new Random(3).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("demo data generator", () => {
  it("is deterministic: same seed and options, same people; another seed, other people", () => {
    const again = generateDemoData({ asOf, prospects: 600, patients: 300 });
    expect(again).toEqual(people);
    const other = generateDemoData({ asOf, prospects: 600, patients: 300, seed: 99 });
    expect(other.map((p) => p.phones[0])).not.toEqual(people.map((p) => p.phones[0]));
  });

  it("gives exactly the counts asked, streamed or at once", () => {
    expect(people.filter((p) => p.kind === "prospect")).toHaveLength(600);
    expect(people.filter((p) => p.kind === "patient")).toHaveLength(300);
    expect(people.map((p) => p.index)).toEqual(people.map((_, i) => i));
    let streamed = 0;
    for (const _ of generatePeople({ asOf, prospects: 7, patients: 0 })) streamed++;
    expect(streamed).toBe(7);
    const plan = planUnits({ prospects: 600, patients: 300 });
    expect(plan.singleProspects + plan.converted + 2 * plan.legacyDuplicates + plan.alreadyPatients).toBe(600);
  });

  it("writes valid Senegalese phones in E.164, unique unless a match is intended", () => {
    const owners = new Map<string, number[]>();
    for (const person of people) {
      expect(person.phones.length).toBeGreaterThan(0);
      for (const phone of person.phones) {
        expect(parsePhone(phone)).toEqual({ ok: true, e164: phone });
        expect(phone).toMatch(/^\+221(7[05678]\d{7}|338\d{6})$/);
        expect(parsePhone(nationalFormat(phone))).toEqual({ ok: true, e164: phone });
        owners.set(phone, [...(owners.get(phone) ?? []), person.index]);
      }
    }
    for (const [, indexes] of owners) {
      if (indexes.length === 1) continue;
      expect(indexes).toHaveLength(2);
      const later = byIndex.get(indexes[1] as number);
      expect(later?.relation).toMatchObject({ ofIndex: indexes[0], matchedOn: "phone" });
    }
    expect(people.some((p) => p.phones.some((phone) => phone.startsWith("+221338")))).toBe(true);
  });

  it("folds names as the lookup does, with the spellings staff use", () => {
    for (const person of people) {
      expect(person.lastNameKey).toBe(foldName(person.lastName));
      expect(person.firstNameKey).toBe(foldName(person.firstName));
    }
    const ndiayes = new Set(people.filter((p) => p.lastNameKey === "ndiaye").map((p) => p.lastName));
    expect(ndiayes.size).toBeGreaterThan(1);
    expect([...ndiayes].every((name) => foldName(name) === "ndiaye")).toBe(true);
  });

  it("ages women mostly 18 to 45, children under 15", () => {
    const women = people.filter((p) => p.group === "woman" && p.birthDate);
    const childbearing = women.filter((p) => {
      const age = ageAt(p.birthDate as string, p.createdAt);
      return age >= 18 && age < 46;
    });
    expect(childbearing.length / women.length).toBeGreaterThan(0.85);
    for (const child of people.filter((p) => p.group === "child" && p.birthDate)) {
      expect(ageAt(child.birthDate as string, child.createdAt)).toBeLessThan(15);
    }
    expect(people.filter((p) => p.kind === "prospect").every((p) => p.birthDate)).toBe(true);
  });

  it("uses the settings' default codes, and every origin and temperature", () => {
    const origins = new Set(defaults.origins.map((o) => o.code));
    const motives = new Set(defaults.interactionMotives.map((m) => m.code));
    const requestTypes = new Set(defaults.requestTypes.map((r) => r.code));
    const prospects = people.filter((p) => p.kind === "prospect");
    expect(new Set(prospects.map((p) => p.origin))).toEqual(origins);
    expect(new Set(prospects.map((p) => p.temperature))).toEqual(new Set(["hot", "warm", "cold"]));
    for (const person of people) {
      for (const interaction of person.interactions) {
        if (interaction.motive) expect(motives.has(interaction.motive)).toBe(true);
        for (const code of interaction.requestTypes) expect(requestTypes.has(code)).toBe(true);
      }
    }
    const comments = people.flatMap((p) => p.interactions.map((i) => i.comment));
    expect(comments).toContain("DEVIS ACCOUCHEMENT");
    expect(comments).toContain("Souhaite le flyer du Programme NEST");
    expect(comments).toContain("RAPPEL 7 JOURS");
  });

  it("keeps every history within the window, in order, ending at asOf", () => {
    const windowStart = asOf.getTime() - 366 * DAY;
    for (const person of people) {
      expect(person.createdAt.getTime()).toBeGreaterThan(windowStart);
      expect(person.createdAt.getTime()).toBeLessThanOrEqual(asOf.getTime());
      expect(person.interactions.length).toBeGreaterThanOrEqual(1);
      expect(person.interactions.length).toBeLessThanOrEqual(8);
      let previous = person.createdAt.getTime();
      for (const interaction of person.interactions) {
        expect(interaction.occurredAt.getTime()).toBeGreaterThanOrEqual(previous);
        expect(interaction.recordedAt.getTime()).toBeGreaterThanOrEqual(interaction.occurredAt.getTime());
        expect(interaction.recordedAt.getTime()).toBeLessThanOrEqual(asOf.getTime());
        previous = interaction.occurredAt.getTime();
      }
      expect(person.lastInteractionAt).toEqual(person.interactions.at(-1)?.occurredAt);
    }
    const fixed = generateDemoData({ asOf, prospects: 50, patients: 50, interactionsPerPerson: 5 });
    expect(fixed.every((p) => p.interactions.length === 5)).toBe(true);
  });

  it("keeps the temperature history of prospects, the current one last", () => {
    for (const person of people.filter((p) => p.kind === "prospect")) {
      const [first, ...later] = person.temperatureChanges;
      expect(first).toMatchObject({ from: null, at: person.createdAt, reason: "création de la fiche" });
      let current = first?.to;
      for (const change of later) {
        expect(change.from).toBe(current);
        expect(change.to).not.toBe(change.from);
        current = change.to;
      }
      expect(person.temperature).toBe(current);
      expect(person.version).toBe(person.temperatureChanges.length);
    }
    expect(people.some((p) => p.temperatureChanges.length > 1)).toBe(true);
  });

  it("numbers patients as the EHR does, created on or after their EHR date", () => {
    const patients = people.filter((p) => p.kind === "patient");
    expect(patients.map((p) => p.ehrNumber)).toEqual(patients.map((_, i) => `NEST-${String(i + 1).padStart(6, "0")}`));
    for (const patient of patients) {
      expect(patient.createdAt.toISOString().slice(0, 10) >= (patient.ehrCreatedOn as string)).toBe(true);
      expect(patient.temperature).toBeNull();
    }
  });

  it("has prospects who became patients later, legacy duplicates and patients back as prospects", () => {
    const plan = planUnits({ prospects: 600, patients: 300 });
    const related = people.filter((p) => p.relation);
    const of = (type: string) => related.filter((p) => p.relation?.type === type);
    expect(of("converted")).toHaveLength(plan.converted);
    expect(of("legacy_duplicate")).toHaveLength(plan.legacyDuplicates);
    expect(of("already_patient")).toHaveLength(plan.alreadyPatients);
    for (const later of related) {
      const earlier = byIndex.get(later.relation?.ofIndex as number);
      if (!earlier) throw new Error("relation to an unknown person");
      expect(later.createdAt.getTime()).toBeGreaterThan(earlier.createdAt.getTime());
      expect(later.possibleDuplicate).toBe(true);
      expect(earlier.possibleDuplicate).toBe(false);
      if (later.relation?.matchedOn === "phone") {
        expect(later.phones).toContain(earlier.phones[0]);
      } else {
        expect([later.lastNameKey, later.firstNameKey, later.birthDate]).toEqual([
          earlier.lastNameKey,
          earlier.firstNameKey,
          earlier.birthDate,
        ]);
        expect(later.phones.some((phone) => earlier.phones.includes(phone))).toBe(false);
      }
      if (later.relation?.type === "converted") {
        expect([earlier.kind, later.kind]).toEqual(["prospect", "patient"]);
        expect((later.ehrCreatedOn as string) >= (earlier.firstContactDate as string)).toBe(true);
      }
    }
    expect(of("converted").some((p) => p.relation?.matchedOn === "name_birth_date")).toBe(true);
  });
});

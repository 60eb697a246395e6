/**
 * Import of a 100,000-row legacy prospect table (DESIGN §7: ≤ 20 s with a progress bar),
 * on a fresh PostgreSQL database, through the real use case. Printed, never asserted.
 */
import { ManualClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { systemActor } from "../server/context.ts";
import { generatePeople, nationalFormat } from "../server/demo/generator.ts";
import { createLogger } from "../server/logger.ts";
import { importPeople } from "../server/modules/people/import/import-people.ts";
import { settingsSchema } from "../server/modules/settings/settings.schema.ts";
import { createTestDatabase } from "../server/test/database.ts";

const TEMPERATURE_LABELS = { hot: "chaud", warm: "tiède", cold: "froid" } as const;

/** The legacy table's headers, as staff write them. */
export const LEGACY_HEADERS = [
  "Nom",
  "Prénom",
  "Téléphone",
  "Date de naissance",
  "Date de création",
  "Origine",
  "Température",
  "Email",
];

/**
 * The legacy table's rows, generated: national-format phones, origin labels, French
 * temperatures; `day` writes a birth or creation day (ISO in) as the file format wants it.
 */
export function* legacyRows<Day>(rows: number, asOf: Date, day: (iso: string | null) => Day) {
  const origins = new Map(settingsSchema.parse({}).origins.map((o) => [o.code, o.label]));
  for (const person of generatePeople({ asOf, prospects: rows, patients: 0, interactionsPerPerson: 0, seed: 2026 })) {
    yield [
      person.lastName,
      person.firstName,
      nationalFormat(person.phones[0] ?? ""),
      day(person.birthDate),
      day(person.firstContactDate),
      origins.get(person.origin ?? "") ?? "",
      TEMPERATURE_LABELS[person.temperature ?? "hot"],
      person.email ?? "",
    ];
  }
}

/** A legacy-shaped table: semicolons, French headers, dd/mm/yyyy dates, national-format phones. */
export function legacyTable(rows: number, asOf: Date): Buffer {
  const fr = (iso: string | null) => (iso ? iso.split("-").reverse().join("/") : "");
  const lines = [LEGACY_HEADERS.join(";")];
  for (const cells of legacyRows(rows, asOf, fr)) lines.push(cells.join(";"));
  return Buffer.from(`\ufeff${lines.join("\r\n")}\r\n`, "utf8");
}

export async function benchImport(serverUrl: string, rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)) {
  const asOf = new Date("2026-11-23T09:00:00Z");
  const file = legacyTable(rows, asOf);
  const { database, drop } = await createTestDatabase({ serverUrl });
  try {
    const ctx = {
      database,
      clock: new ManualClock(asOf),
      config: loadConfig({}),
      logger: createLogger("silent"),
      actor: systemActor("bench"),
    };
    console.log(
      `\n## Import of a ${rows.toLocaleString("en")}-row prospect table (${(file.length / 1e6).toFixed(1)} MB) on PostgreSQL`,
    );
    for (const dryRun of [true, false, false]) {
      const start = performance.now();
      let last = 0;
      const report = await importPeople(ctx, "prospect", file, {
        dryRun,
        onProgress: ({ phase, done, total }) => {
          if (phase === "write" && done - last >= 20_000) {
            last = done;
            process.stderr.write(`  write ${done}/${total} at ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
          }
        },
      });
      const seconds = (performance.now() - start) / 1000;
      console.log(
        `${dryRun ? "dry run" : "import "}: ${seconds.toFixed(1)} s — created ${report.created}, unchanged ${report.unchanged}, rejected ${report.rejected}, flagged ${report.flaggedDuplicates}`,
      );
    }
  } finally {
    await drop();
  }
}

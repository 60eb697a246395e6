import type { z } from "zod";
import type { apiKeySchema, createdApiKeySchema } from "../../../server/modules/api-keys/api-key.schema.ts";
import type { auditEventSchema, auditPageSchema } from "../../../server/modules/audit/audit.schema.ts";
import type { sessionView } from "../../../server/modules/auth/login.schema.ts";
import type {
  createInteractionInput,
  interactionSchema,
} from "../../../server/modules/interactions/interaction.schema.ts";
import type { importReportSchema } from "../../../server/modules/people/import/import.schema.ts";
import type {
  createPatientInput,
  createProspectInput,
  duplicateMatchSchema,
  lookupResultSchema,
  personSchema,
  personSummarySchema,
  statusSchema,
  suggestionsSchema,
  temperatureSchema,
  updatePatientInput,
  updateProspectInput,
} from "../../../server/modules/people/person.schema.ts";
import type { settingsSchema, settingsView } from "../../../server/modules/settings/settings.schema.ts";
import type { userSchema } from "../../../server/modules/users/user.schema.ts";

/** API shapes, inferred from the server's zod schemas (types only: no zod code reaches the bundle). */
export type User = z.infer<typeof userSchema>;
export type Session = z.infer<typeof sessionView>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type SettingsView = z.infer<typeof settingsView>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;

// --- people (prospects and patients) and their interactions
export type Temperature = z.infer<typeof temperatureSchema>;
export type PersonStatus = z.infer<typeof statusSchema>;
export type PersonKind = z.infer<typeof personSummarySchema>["kind"];
export type PersonSummary = z.infer<typeof personSummarySchema>;
export type Person = z.infer<typeof personSchema>;
export type DuplicateMatch = z.infer<typeof duplicateMatchSchema>;
export type LookupResult = z.infer<typeof lookupResultSchema>["results"][number];
export type CreateProspectInput = z.input<typeof createProspectInput>;
export type CreatePatientInput = z.input<typeof createPatientInput>;
export type UpdateProspectInput = z.input<typeof updateProspectInput>;
export type UpdatePatientInput = z.input<typeof updatePatientInput>;
export type Interaction = z.infer<typeof interactionSchema>;
export type Channel = Interaction["channel"];
export type CreateInteractionInput = z.input<typeof createInteractionInput>;

/** One change of a prospect's temperature (classification 1), oldest first. */
export interface TemperatureChange {
  fromTemperature: string | null;
  toTemperature: string;
  changedAt: string;
  reason: string | null;
  /** The author's e-mail. */
  changedBy: string | null;
}

/** One change of a prospect's status (classification 2), derived by the server, oldest first. */
export interface StatusChange {
  /** ISO instant the status took effect. */
  at: string;
  status: PersonStatus;
}

/** GET /api/prospects/:id and /api/patients/:id: the record with its classification histories. */
export type PersonDetail = Person & { temperatureHistory: TemperatureChange[]; statusHistory: StatusChange[] };

/** GET /api/reconciliation/suggestions: a prospect not yet converted that a patient record matches. */
export type ReconciliationSuggestion = z.infer<typeof suggestionsSchema>["suggestions"][number];

/** One refused row of an import: line of the file (the header is line 1), column and reason. */
/** The report of POST /api/import/prospects|patients (a dry run says what would happen). */
export type ImportReport = z.infer<typeof importReportSchema>;
export type ImportRowError = ImportReport["errors"][number];

export type ImportPhase = "read" | "write";

/** A progress line of an import streamed as NDJSON. */
export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

/** A page of GET /api/prospects or /api/patients. */
export interface PersonPage {
  items: Person[];
  /** Exact up to 10,000 records; beyond, 10,000 with `totalIsExact: false` (« plus de 10 000 »). */
  total: number;
  totalIsExact: boolean;
  page: number;
  pageSize: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

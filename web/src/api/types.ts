import type { z } from "zod";
import type { apiKeySchema, createdApiKeySchema } from "../../../server/modules/api-keys/api-key.schema.ts";
import type { auditEventSchema, auditPageSchema } from "../../../server/modules/audit/audit.schema.ts";
import type { sessionView } from "../../../server/modules/auth/login.schema.ts";
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

/** The roles of DESIGN §1. Codes are stable: they are stored in the database and API keys. */
export const ROLES = [
  "admin",
  "prospects_manager",
  "crm_secretary",
  "reception",
  "medical_secretary",
  "viewer",
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

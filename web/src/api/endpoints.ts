import type { Role } from "../../../shared/roles.ts";
import { api } from "./client.ts";
import type { ApiKey, AuditPage, CreatedApiKey, Session, Settings, SettingsView, User } from "./types.ts";

/** Query keys, in one place so that mutations invalidate the right caches. */
export const queryKeys = {
  session: ["auth", "me"] as const,
  settings: ["settings"] as const,
  users: ["users"] as const,
  apiKeys: ["api-keys"] as const,
  audit: (filters: AuditFilters) => ["audit", filters] as const,
  auditAll: ["audit"] as const,
};

// --- auth
export const login = (input: { email: string; password: string }) =>
  api<Session>("POST", "/api/auth/login", { body: input });
export const fetchSession = () => api<Session>("GET", "/api/auth/me");
export const logout = () => api<void>("POST", "/api/auth/logout");
export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  api<void>("POST", "/api/auth/password", { body: input });

// --- users
export interface CreateUserInput {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  password: string;
}
export interface UpdateUserInput {
  version: number;
  email?: string;
  firstName?: string;
  lastName?: string;
  role?: Role;
  active?: boolean;
}
export const listUsers = () => api<User[]>("GET", "/api/users");
export const createUser = (input: CreateUserInput) => api<User>("POST", "/api/users", { body: input });
export const updateUser = (id: string, input: UpdateUserInput) =>
  api<User>("PATCH", `/api/users/${encodeURIComponent(id)}`, { body: input });
export const resetUserPassword = (id: string, password: string) =>
  api<void>("POST", `/api/users/${encodeURIComponent(id)}/reset-password`, { body: { password } });

// --- API keys
export const listApiKeys = () => api<ApiKey[]>("GET", "/api/api-keys");
export const createApiKey = (input: { name: string; role: Role }) =>
  api<CreatedApiKey>("POST", "/api/api-keys", { body: input });
export const revokeApiKey = (id: string) => api<ApiKey>("POST", `/api/api-keys/${encodeURIComponent(id)}/revoke`);

// --- settings
export const fetchSettings = () => api<SettingsView>("GET", "/api/settings");
export const saveSettings = (input: { version: number; settings: Settings }) =>
  api<SettingsView>("PUT", "/api/settings", { body: input });

// --- audit
export interface AuditFilters {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** ISO date-times with offset. */
  from?: string;
  to?: string;
}
export const AUDIT_PAGE_SIZE = 50;
export const listAuditEvents = (filters: AuditFilters, before?: number, signal?: AbortSignal) =>
  api<AuditPage>("GET", "/api/audit", { query: { ...filters, before, limit: AUDIT_PAGE_SIZE }, signal });

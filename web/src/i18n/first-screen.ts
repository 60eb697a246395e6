/**
 * The groups of texts (top-level keys of fr.json) the first screens use before signing in: the
 * login page, the error pages, the API client's messages. Only these are in the first load; the
 * whole of fr.json comes with the signed-in shell (signed-in.ts). server/architecture.test.ts
 * checks that the first screens use no other group.
 */
export const FIRST_SCREEN_GROUPS = ["app", "common", "errors", "form", "login", "password"] as const;

/** The module vite.config.ts builds from fr.json with these groups only. */
export const FIRST_SCREEN_TEXTS_MODULE = "virtual:relais-first-screen-texts";

/**
 * The groups only the administration pages use (settings, users, API keys, audit, import): loaded
 * with those pages (admin-texts.ts), not with the signed-in shell that the call screen waits for.
 * server/web-first-load.test.ts checks that no other page uses them.
 */
export const ADMIN_GROUPS = ["settings", "users", "apiKeys", "audit", "import"] as const;

/**
 * The groups of the patients' follow-up (procedure 5: births, surveys, vaccinations, entry interviews): loaded
 * with the pages that show them (follow-up-texts.ts), not with the signed-in shell the call screen waits for.
 * server/web-first-load.test.ts checks that only those pages' files use them.
 */
export const FOLLOW_UP_GROUPS = [
  "births",
  "surveys",
  "vaccinations",
  "entryInterview",
  "consents",
  "campaigns",
  "segments",
  "mothersGroup",
  "dataRights",
] as const;

/**
 * The offline call screen's and the synchronisation panel's texts (issue 17): loaded with them
 * (offline-texts.ts); the header's count is in `shell`. server/web-first-load.test.ts checks it.
 */
export const OFFLINE_GROUPS = ["offline"] as const;

/** The module vite.config.ts builds from fr.json with the offline groups only. */
export const OFFLINE_TEXTS_MODULE = "virtual:relais-offline-texts";

/** The module vite.config.ts builds from fr.json with the follow-up groups only. */
export const FOLLOW_UP_TEXTS_MODULE = "virtual:relais-follow-up-texts";

/** The module vite.config.ts builds from fr.json without the first screens', the admin and the follow-up groups. */
export const SIGNED_IN_TEXTS_MODULE = "virtual:relais-signed-in-texts";
/** The module vite.config.ts builds from fr.json with the admin groups only. */
export const ADMIN_TEXTS_MODULE = "virtual:relais-admin-texts";

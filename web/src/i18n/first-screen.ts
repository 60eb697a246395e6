/**
 * The groups of texts (top-level keys of fr.json) the first screens use before signing in: the
 * login page, the error pages, the API client's messages. Only these are in the first load; the
 * whole of fr.json comes with the signed-in shell (signed-in.ts). server/architecture.test.ts
 * checks that the first screens use no other group.
 */
export const FIRST_SCREEN_GROUPS = ["app", "common", "errors", "form", "login", "password"] as const;

/** The module vite.config.ts builds from fr.json with these groups only. */
export const FIRST_SCREEN_TEXTS_MODULE = "virtual:relais-first-screen-texts";

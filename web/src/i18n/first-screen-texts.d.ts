/** fr.json's groups of FIRST_SCREEN_GROUPS, built by vite.config.ts (see first-screen.ts). */
declare module "virtual:relais-first-screen-texts" {
  const texts: Record<string, unknown>;
  export default texts;
}

/** fr.json's groups but the first screens' and ADMIN_GROUPS: the signed-in shell's texts. */
declare module "virtual:relais-signed-in-texts" {
  const texts: Record<string, unknown>;
  export default texts;
}

/** fr.json's ADMIN_GROUPS, loaded with the administration pages. */
declare module "virtual:relais-admin-texts" {
  const texts: Record<string, unknown>;
  export default texts;
}

/** fr.json's OFFLINE_GROUPS, loaded with the offline call screen and the synchronisation panel. */
declare module "virtual:relais-offline-texts" {
  const texts: Record<string, unknown>;
  export default texts;
}

/** fr.json's FOLLOW_UP_GROUPS, loaded with the pages of the patients' follow-up. */
declare module "virtual:relais-follow-up-texts" {
  const texts: Record<string, unknown>;
  export default texts;
}

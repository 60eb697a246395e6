/** fr.json's groups of FIRST_SCREEN_GROUPS, built by vite.config.ts (see first-screen.ts). */
declare module "virtual:relais-first-screen-texts" {
  const texts: Record<string, unknown>;
  export default texts;
}

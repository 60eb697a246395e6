export * from "./audit.ts";
export * from "./auth.ts";
export * from "./people.ts";
export * from "./settings.ts";

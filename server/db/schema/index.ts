export * from "./audit.ts";
export * from "./auth.ts";
export * from "./catalogue.ts";
export * from "./outbox.ts";
export * from "./people.ts";
export * from "./reception.ts";
export * from "./scheduling.ts";
export * from "./settings.ts";

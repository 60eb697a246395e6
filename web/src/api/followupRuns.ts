import type { RunList, RunView } from "../../../server/modules/followup/runs.schema.ts";
import { api } from "./client.ts";

/** The follow-up engine's latest runs (schedule, app, command line): what the automation did, and when. */
export type FollowUpRun = RunView;

export const followUpRunKeys = {
  /** Invalidate after running the engine from the app. */
  all: ["followup", "runs"] as const,
};

export const listFollowUpRuns = (signal?: AbortSignal) => api<RunList>("GET", "/api/followup/runs", { signal });

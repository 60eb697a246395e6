#!/usr/bin/env node
// `npx relais …`: runs the CLI from the TypeScript sources (tsx), so it never lags behind a stale build.
import { register } from "tsx/esm/api";

register();
await import("../server/cli.ts");

import type { Services } from "../context.ts";

/**
 * The report replica (DATABASE_REPLICA_URL, docs/DEPLOYMENT.md « Réplique pour les rapports »).
 *
 * Reports, dashboards and bulk exports read a copy that may lag the primary by a
 * few seconds: they go through `onReplica(ctx)`, which swaps the database for the
 * replica when one is configured and changes nothing otherwise. Everything else
 * stays on the primary: every write (the replica's transactions are read-only,
 * so a write sent there fails instead of going astray), the audit of an export,
 * and any read that must see what the user has just saved (a page re-read after
 * a save, today's call register, the digest being worked through).
 */
export function onReplica<T extends Services>(ctx: T): T {
  return ctx.replica ? { ...ctx, database: ctx.replica } : ctx;
}

/** How long the health check waits for the replica before calling it unreachable. */
const PROBE_TIMEOUT_MS = 2_000;

/** The replica's reachability for /api/health (absent when none is configured). */
export async function replicaHealth(services: Services): Promise<{ reachable: boolean } | undefined> {
  const { replica } = services;
  if (!replica) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const reachable = await Promise.race([
      replica.query("select 1").then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
    return { reachable };
  } finally {
    clearTimeout(timer);
  }
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Its message is one French sentence for the person starting Relais: print it, not a stack. */
export class DataDirLockedError extends Error {}

/** Folders locked by this process, so a second opening in the same process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): number | null {
  try {
    return Number(readFileSync(file, "utf8")) || null;
  } catch {
    return null;
  }
}

/**
 * PGlite is one process's database: two openings of one folder would corrupt
 * it. The first takes a lock file with its pid; the others are refused while
 * that process lives. Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "relais.lock");
  const refuse = (holder: number) =>
    new DataDirLockedError(
      `Le dossier de données ${dir} est déjà utilisé par le processus ${holder} (un serveur Relais en marche ?) : arrêtez-le d'abord.`,
    );
  if (heldHere.has(dir)) throw refuse(process.pid);
  // Create the file only if absent ("wx"): of two processes starting together, one wins.
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const holder = readHolder(file);
      if (holder !== null && holder !== process.pid && isAlive(holder)) throw refuse(holder);
      rmSync(file, { force: true }); // left by a process that died: take it over
    }
  }
  heldHere.add(dir);
  return () => {
    heldHere.delete(dir);
    rmSync(file, { force: true });
  };
}

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file whether it runs from source or from dist/. */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json not found above server/");
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();

/** The version of Relais, from package.json. */
export const relaisVersion: string = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")).version;

/**
 * `npm run size`: the bytes a browser downloads, brotli-compressed as the server sends them,
 * before the login page and the call screen can show their main button (the first load on a
 * 3G line). Follows the build's manifest from index.html through each screen's static imports
 * and CSS. Fails (exit 1) past a budget: run after `npm run build:web`, in CI.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync } from "node:zlib";
import { projectRoot } from "../server/paths.ts";

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The screens measured: the source modules each loads, and its budget in compressed kB. */
const SCREENS = [
  { name: "connexion", modules: ["index.html"], budgetKb: 200 },
  {
    name: "écran d'appel",
    modules: ["index.html", "src/app/AppLayout.tsx", "src/routes/call-screen/CallScreenPage.tsx"],
    budgetKb: 300,
  },
];

const webDir = path.join(projectRoot, "dist", "web");

/** A built file's size as sent to a browser accepting brotli: its .br copy, else compressed here. */
function sentBytes(file: string): number {
  const full = path.join(webDir, file);
  if (existsSync(`${full}.br`)) return readFileSync(`${full}.br`).length;
  return brotliCompressSync(readFileSync(full)).length;
}

/** Every file a screen loads: its modules' chunks, their static imports (transitively) and their CSS. */
export function screenFiles(manifest: Manifest, modules: string[]): string[] {
  const files = new Set<string>(["index.html"]);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} absent du manifeste de la construction (dist/web/.vite/manifest.json)`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const module of modules) visit(module);
  return [...files];
}

function main() {
  const manifestFile = path.join(webDir, ".vite", "manifest.json");
  if (!existsSync(manifestFile)) {
    console.error("Aucune construction de l'application web : lancez d'abord npm run build:web.");
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  let over = false;
  for (const screen of SCREENS) {
    const files = screenFiles(manifest, screen.modules);
    const bytes = files.reduce((sum, file) => sum + sentBytes(file), 0);
    const kb = bytes / 1024;
    const verdict = kb <= screen.budgetKb ? "ok" : "DÉPASSÉ";
    if (kb > screen.budgetKb) over = true;
    console.log(
      `${screen.name.padEnd(16)} ${kb.toFixed(1).padStart(7)} kB brotli (budget ${screen.budgetKb} kB) — ${files.length} fichiers — ${verdict}`,
    );
  }
  if (over) process.exit(1);
}

main();

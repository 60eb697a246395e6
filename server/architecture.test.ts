import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./paths.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => path.relative(projectRoot, path.join(entry.parentPath, entry.name)));
}

describe("architecture", () => {
  it("reads the wall clock in one place only: server/clock.ts", () => {
    const offenders = [...sourceFiles("server"), ...sourceFiles("shared")].filter((file) => {
      if (file === path.join("server", "clock.ts")) return false;
      const text = readFileSync(path.join(projectRoot, file), "utf8");
      return /Date\.now\(\)|new Date\(\s*\)|performance\.now\(\)/.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it("keeps the web app's imports of the server to zod schemas", () => {
    const offenders = sourceFiles("web/src")
      .concat(
        readdirSync(path.join(projectRoot, "web/src"), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile() && e.name.endsWith(".tsx"))
          .map((e) => path.relative(projectRoot, path.join(e.parentPath, e.name))),
      )
      .flatMap((file) =>
        [...readFileSync(path.join(projectRoot, file), "utf8").matchAll(/from "([^"]*server\/[^"]*)"/g)]
          .map((m) => m[1] ?? "")
          .filter((target) => !target.endsWith(".schema.ts"))
          .map((target) => `${file} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });
});

import type { FastifyInstance } from "fastify";
import { AppError, type FieldIssue } from "./errors.ts";

/** How deep a request's JSON may nest; deeper bodies are refused before anything walks them further. */
export const MAX_INPUT_DEPTH = 32;

/** A UTF-16 surrogate without its pair: PostgreSQL cannot store it as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Finding = { path: string[]; problem: "nul" | "surrogate" | "depth" };

function badText(text: string): Finding["problem"] | null {
  if (text.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(text)) return "surrogate";
  return null;
}

/**
 * The first string (value or key) PostgreSQL cannot store (a NUL character, a
 * lone surrogate), or the first value nested deeper than MAX_INPUT_DEPTH.
 * Iterative: a deeply nested body cannot overflow the stack.
 */
export function findBadInput(root: unknown): Finding | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof value === "string") {
      const problem = badText(value);
      if (problem) return { path, problem };
      continue;
    }
    // Uploaded files are checked by their own reader.
    if (!value || typeof value !== "object" || Buffer.isBuffer(value)) continue;
    if (path.length >= MAX_INPUT_DEPTH) return { path, problem: "depth" };
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i] as [string, unknown];
      const problem = badText(key);
      if (problem) return { path: [...path, key], problem };
      stack.push({ value: inner, path: [...path, key] });
    }
  }
  return null;
}

const PROBLEM_MESSAGES: Record<Exclude<Finding["problem"], "depth">, string> = {
  nul: "caractère nul interdit",
  surrogate: "caractère invalide (demi-caractère Unicode isolé)",
};

/**
 * Refuses, as a 400 on its field, a NUL character or a lone surrogate anywhere
 * in the input (body, query, path), and a body nested too deep.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    for (const [location, value] of [
      ["body", request.body],
      ["querystring", request.query],
      ["params", request.params],
    ] as const) {
      const found = findBadInput(value);
      if (!found) continue;
      if (found.problem === "depth") {
        throw new AppError(400, "body_too_deep", { details: { maxDepth: MAX_INPUT_DEPTH } });
      }
      const issue: FieldIssue = { field: found.path.join("."), location, message: PROBLEM_MESSAGES[found.problem] };
      const label = issue.field === "" ? "Requête" : `Champ « ${issue.field} »`;
      throw new AppError(400, "validation_failed", {
        message: `${label} : ${issue.message}`,
        details: { issues: [issue] },
      });
    }
  });
}

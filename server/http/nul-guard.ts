import type { FastifyInstance } from "fastify";
import { AppError, type FieldIssue } from "./errors.ts";

/** The path of the first string holding a NUL character, which PostgreSQL cannot store. */
function findNul(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  // Uploaded files are checked by their own reader.
  if (Buffer.isBuffer(value)) return null;
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes("\u0000")) return [...path, key];
      const found = findNul(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses a NUL character anywhere in the input (body, query, path) as a 400 on its field. */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    for (const [location, value] of [
      ["body", request.body],
      ["querystring", request.query],
      ["params", request.params],
    ] as const) {
      const path = findNul(value);
      if (path) {
        const issue: FieldIssue = { field: path.join("."), location, message: "caractère nul interdit" };
        throw new AppError(400, "validation_failed", {
          message: `Champ « ${issue.field} » : ${issue.message}`,
          details: { issues: [issue] },
        });
      }
    }
  });
}

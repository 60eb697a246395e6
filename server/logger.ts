import type { FastifyBaseLogger } from "fastify";
import { type DestinationStream, type LoggerOptions, pino } from "pino";
import { describeError } from "./http/error-handler.ts";

/**
 * Structured JSON logs without personal data: requests are logged by method,
 * path and status only. Query strings (a lookup carries a phone number),
 * bodies, cookies and authorization headers never reach the log; errors
 * logged as `err` lose their message when it comes from the database.
 */
export function createLogger(level: string, destination?: DestinationStream): FastifyBaseLogger {
  const options: LoggerOptions = {
    level,
    base: { service: "relais" },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        // The SMS callbacks and the survey links carry a secret in their address: it never reaches the logs.
        path: (req.url.split("?")[0] ?? "").replace(/^(\/api\/sms\/callbacks\/|\/s\/|\/u\/|\/c\/)[^/]+/, "$1…"),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // An error logged as `err` keeps its type, codes and stack, never a query, its parameters or a row.
      err: (err: unknown) => (err instanceof Error ? describeError(err) : err),
    },
    redact: ["req.headers", "headers.cookie", "headers.authorization", "password", "*.password", "token"],
  };
  return destination ? pino(options, destination) : pino(options);
}

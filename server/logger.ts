import type { FastifyBaseLogger } from "fastify";
import { type DestinationStream, type LoggerOptions, pino } from "pino";

/**
 * Structured JSON logs without personal data: requests are logged by method,
 * path and status only. Query strings (a lookup carries a phone number),
 * bodies, cookies and authorization headers never reach the log.
 */
export function createLogger(level: string, destination?: DestinationStream): FastifyBaseLogger {
  const options: LoggerOptions = {
    level,
    base: { service: "relais" },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split("?")[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: ["req.headers", "headers.cookie", "headers.authorization", "password", "*.password", "token"],
  };
  return destination ? pino(options, destination) : pino(options);
}

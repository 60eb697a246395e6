import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * What the pages reached without signing in share (a survey link `/s/…`, an unsubscribe link `/u/…`):
 * sent as French HTML, never cached nor indexed, and their forms posted as plain urlencoded fields.
 */
export const PUBLIC_ROUTE = { access: "public" } as const;

/** Sends one public page. */
export const sendPage = (reply: FastifyReply, status: number, html: string) =>
  reply
    .status(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("x-robots-tag", "noindex")
    .send(html);

/** Reads a page's form (urlencoded, at most `bodyLimit` bytes) as its fields, in the scope of its routes only. */
export function acceptFormFields(scope: FastifyInstance, bodyLimit: number): void {
  scope.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit },
    (_request, body, done) => {
      const fields: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(String(body))) fields[key] = value;
      done(null, fields);
    },
  );
}

import { eq } from "drizzle-orm";
import { authorize } from "../../authorize.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import type { Ctx } from "../../context.ts";
import { people } from "../../db/schema/index.ts";
import { notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { readSettings } from "../settings/settings.ts";
import { renderPersonDataPdf } from "./export-pdf.ts";
import { collectPersonData } from "./person-data.ts";

export type ExportFormat = "json" | "pdf";

/** « donnees-personnelles-diallo-awa-2026-11-30.pdf »: ASCII only, safe in a Content-Disposition header. */
export function exportFileName(lastName: string, firstName: string, day: string, format: ExportFormat): string {
  const slug = `${lastName}-${firstName}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `donnees-personnelles-${slug || "personne"}-${day}.${format}`;
}

/**
 * Right of access (loi 2008-12): everything Relais holds about a person, as JSON or as a readable French PDF.
 * Audited (`person.access_export`, with the format), since an export carries the whole record out.
 */
export async function exportPersonData(
  ctx: Ctx,
  personId: string,
  format: ExportFormat,
  options: { compress?: boolean } = {},
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  authorize(ctx.actor, "dataRights.manage");
  const { db } = ctx.database;
  const [person] = await db
    .select({ id: people.id, kind: people.kind, lastName: people.lastName, firstName: people.firstName })
    .from(people)
    .where(eq(people.id, personId));
  if (!person) throw notFound("person");
  const { settings } = await readSettings(db);
  const now = ctx.clock.now();
  const sections = await collectPersonData(db, personId);
  const fileName = exportFileName(person.lastName, person.firstName, clinicDay(now, settings.timeZone), format);
  await recordAudit(db, ctx.clock, ctx.actor, {
    action: "person.access_export",
    entityType: person.kind,
    entityId: person.id,
    after: { format, sections: sections.filter((s) => s.rows.length > 0).map((s) => s.key) },
  });
  if (format === "json") {
    const body = {
      exportedAt: now.toISOString(),
      exportedBy: ctx.actor.label,
      clinic: settings.clinicName,
      controller: settings.dataProtection.controllerName,
      person: { id: person.id, kind: person.kind, lastName: person.lastName, firstName: person.firstName },
      sections: Object.fromEntries(
        sections.map((s) => [s.key, { title: s.title, rows: s.rows, truncated: s.truncated }]),
      ),
    };
    return {
      fileName,
      contentType: "application/json; charset=utf-8",
      content: Buffer.from(JSON.stringify(body, null, 2)),
    };
  }
  const content = await renderPersonDataPdf(
    {
      clinicName: settings.clinicName,
      personName: `${person.firstName} ${person.lastName}`,
      exportedAt: now,
      exportedBy: ctx.actor.label,
      timeZone: settings.timeZone,
    },
    sections,
    options,
  );
  return { fileName, contentType: "application/pdf", content };
}

import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { toIso } from "../../../shared/schemas.ts";
import { renderSms } from "../../../shared/sms-templates.ts";
import { measureSms } from "../../../shared/sms-text.ts";
import { SURVEY_LIMITS, type SurveyKind } from "../../../shared/surveys.ts";
import { authorize } from "../../authorize.ts";
import { HOUR_MS } from "../../clock.ts";
import type { Ctx } from "../../context.ts";
import type { Executor } from "../../db/client.ts";
import { people, personPhones, smsMessages, surveyInvitations } from "../../db/schema/index.ts";
import { AppError, fieldError, notFound } from "../../http/errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { generateToken, hashToken } from "../auth/tokens.ts";
import type { Settings } from "../settings/settings.schema.ts";
import { readSettings } from "../settings/settings.ts";
import { SKIP_REASONS, smsRecipient } from "../sms/recipient.ts";
import { nextSendingTime } from "../sms/window.ts";
import type { CreateInvitationInput, InvitationView } from "./survey.schema.ts";

export const LINK_VALID_MS = SURVEY_LIMITS.linkValidDays * 24 * HOUR_MS;

/** The page a token opens: <public base>/s/<token>. */
export const surveyLink = (settings: Settings, token: string) =>
  `${settings.surveys.publicBaseUrl.replace(/\/+$/, "")}/s/${token}`;

export interface SurveyInvitationRequest {
  personId: string;
  kind: SurveyKind;
  site?: string | null;
  serviceId?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
}

/**
 * Makes a personal survey link and queues the SMS that carries it, in the caller's transaction: a random
 * token (32 bytes, base64url) of which only the SHA-256 is stored, valid 14 days, used once. For the
 * discharge survey, the birth/discharge use case calls it with its own transaction. The SMS is
 * `skipped` with the reason when the person has no mobile or declined SMS (the invitation stays,
 * unusable since nobody holds the token). Throws 409 survey_link_base_missing when the public address
 * is not set. Audited (the invitation names the person; nothing of the answer does).
 */
export async function createSurveyInvitation(
  tx: Executor,
  ctx: Ctx,
  request: SurveyInvitationRequest,
  settings?: Settings,
): Promise<InvitationView> {
  const current = settings ?? (await readSettings(tx)).settings;
  if (!current.surveys.publicBaseUrl) throw new AppError(409, "survey_link_base_missing");
  const [person] = await tx
    .select({
      id: people.id,
      firstName: people.firstName,
      smsOptOutAt: people.smsOptOutAt,
      smsOptOutSource: people.smsOptOutSource,
      mergedIntoId: people.mergedIntoId,
    })
    .from(people)
    .where(eq(people.id, request.personId));
  if (!person) throw notFound("person");
  const site = request.site ?? null;
  if (site !== null && !current.sites.some((s) => s.code === site)) throw fieldError("survey_site_unknown", "site");
  const phones = await tx
    .select({ e164: personPhones.e164 })
    .from(personPhones)
    .where(eq(personPhones.personId, person.id))
    .orderBy(asc(personPhones.position));
  const now = ctx.clock.now();
  const token = generateToken(32);
  const expiresAt = new Date(now.getTime() + LINK_VALID_MS);
  const createdBy = ctx.actor.type === "user" ? ctx.actor.id : null;
  const [invitation] = await tx
    .insert(surveyInvitations)
    .values({
      tokenHash: hashToken(token),
      kind: request.kind,
      personId: person.id,
      site,
      serviceId: request.serviceId ?? null,
      sourceType: request.sourceType ?? null,
      sourceId: request.sourceId ?? null,
      createdAt: now,
      createdBy,
      expiresAt,
    })
    .returning({ id: surveyInvitations.id });
  if (!invitation) throw new Error("insert returned no row");
  const text = renderSms(current.surveys.linkTemplate, { prenom: person.firstName, lien: surveyLink(current, token) });
  const measure = measureSms(text);
  const recipient = person.mergedIntoId
    ? { skip: SKIP_REASONS.merged }
    : smsRecipient({ ...person, phones: phones.map((p) => p.e164) }, false);
  const [sms] = await tx
    .insert(smsMessages)
    .values({
      kind: "survey_link",
      personId: person.id,
      toPhone: "to" in recipient ? recipient.to : null,
      text,
      encoding: measure.encoding,
      segments: measure.segments,
      vital: false,
      status: "to" in recipient ? "queued" : "skipped",
      reason: "skip" in recipient ? recipient.skip : null,
      nextAttemptAt: nextSendingTime(now, current.sms.window, current.timeZone),
      createdAt: now,
      createdBy,
    })
    .returning({ id: smsMessages.id, status: smsMessages.status, reason: smsMessages.reason });
  if (!sms) throw new Error("insert returned no row");
  await recordAudit(tx, ctx.clock, ctx.actor, {
    action: "survey_invitation.create",
    entityType: "survey_invitation",
    entityId: invitation.id,
    after: {
      kind: request.kind,
      personId: person.id,
      site,
      sourceType: request.sourceType ?? null,
      sourceId: request.sourceId ?? null,
      expiresAt: toIso(expiresAt),
      smsId: sms.id,
      smsStatus: sms.status,
    },
  });
  return {
    id: invitation.id,
    kind: request.kind,
    personId: person.id,
    expiresAt: toIso(expiresAt),
    sms,
  };
}

/** A staff member sends a patient her survey link by SMS (from the 72 h task, or the person page). */
export async function sendSurveyLink(ctx: Ctx, input: CreateInvitationInput): Promise<InvitationView> {
  authorize(ctx.actor, "surveys.answer");
  const { settings } = await readSettings(ctx.database.db);
  return ctx.database.db.transaction((tx) => createSurveyInvitation(tx, ctx, input, settings));
}

/** The invitation a token opens, if it is still usable (unknown, used and expired are all « none »). */
export async function usableInvitation(executor: Executor, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const [row] = await executor
    .select({
      id: surveyInvitations.id,
      kind: surveyInvitations.kind,
      personId: surveyInvitations.personId,
      site: surveyInvitations.site,
      serviceId: surveyInvitations.serviceId,
      firstName: people.firstName,
    })
    .from(surveyInvitations)
    .innerJoin(people, eq(people.id, surveyInvitations.personId))
    .where(
      and(
        eq(surveyInvitations.tokenHash, hashToken(token)),
        isNull(surveyInvitations.usedOn),
        gt(surveyInvitations.expiresAt, now),
      ),
    );
  return row;
}

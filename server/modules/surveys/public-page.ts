import { and, eq, isNull } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { SurveyKind, SurveyQuestion } from "../../../shared/surveys.ts";
import { clinicDay } from "../../clinic-calendar.ts";
import { type Services, systemActor } from "../../context.ts";
import { surveyInvitations } from "../../db/schema/index.ts";
import type { AppError } from "../../http/errors.ts";
import { acceptFormFields, PUBLIC_ROUTE, sendPage } from "../../http/public-page.ts";
import { readSettings } from "../settings/settings.ts";
import { currentForm } from "./forms.ts";
import { usableInvitation } from "./invitations.ts";
import { checkAnswers, insertResponse } from "./responses.ts";

/**
 * The page a patient's personal link opens (DESIGN §2): no login, French, plain HTML with a form that
 * posts (no script, a few lines of CSS: it works on a slow phone). It shows nothing about her but her
 * first name. An unknown, used or expired link gets one and the same page, so nobody learns whether a
 * token existed.
 */
const esc = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;padding:16px;max-width:600px;margin:auto;color:#222;line-height:1.4}
h1{font-size:1.3em;color:#7a2a5a}fieldset{border:1px solid #ddd;border-radius:8px;margin:0 0 14px;padding:10px}
legend{font-weight:600;padding:0 4px}.scale{display:flex;flex-wrap:wrap;gap:6px}.scale label{display:inline-flex;
flex-direction:column;align-items:center;min-width:34px;padding:4px;border:1px solid #ccc;border-radius:6px}
.hint{color:#666;font-size:.85em}.error{color:#b00020;font-weight:600}textarea{width:100%;box-sizing:border-box;min-height:90px}
button{font-size:1.1em;padding:12px 20px;background:#7a2a5a;color:#fff;border:0;border-radius:8px;width:100%}
.choice label{display:block;margin:6px 0}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const TITLES: Record<SurveyKind, string> = {
  after_first_visit: "Votre avis sur votre première visite",
  discharge: "Votre avis sur votre séjour",
};

const SCORE_WORDS = ["", "Très insatisfaite", "Insatisfaite", "Moyen", "Satisfaite", "Très satisfaite"];

function question(q: SurveyQuestion, value: string | undefined, error: boolean): string {
  const name = `q_${q.code}`;
  const legend = `<legend>${esc(q.label)}${q.required ? "" : ' <span class="hint">(facultatif)</span>'}</legend>${error ? '<p class="error">Merci de répondre à cette question.</p>' : ""}`;
  if (q.type === "comment") {
    return `<fieldset>${legend}<textarea name="${name}" maxlength="2000">${esc(value ?? "")}</textarea></fieldset>`;
  }
  const [min, max] = q.type === "nps" ? [0, 10] : [1, 5];
  const options: string[] = [];
  for (let n = min; n <= max; n++) {
    const checked = value === String(n) ? " checked" : "";
    options.push(`<label><input type="radio" name="${name}" value="${n}"${checked}>${n}</label>`);
  }
  const hint =
    q.type === "nps"
      ? '<p class="hint">0 : pas du tout probable — 10 : très probable</p>'
      : `<p class="hint">1 : ${SCORE_WORDS[1]} — 5 : ${SCORE_WORDS[5]}</p>`;
  return `<fieldset>${legend}${hint}<div class="scale">${options.join("")}</div></fieldset>`;
}

export function surveyPage(
  kind: SurveyKind,
  firstName: string,
  questions: readonly SurveyQuestion[],
  values: Record<string, string> = {},
  errorField?: string,
): string {
  const mode = values.mode ?? "anonymous";
  const body = `<h1>${esc(TITLES[kind])}</h1>
<p>Bonjour ${esc(firstName)}, merci de prendre une minute pour nous dire comment s'est passée votre venue à la clinique NEST.</p>
<form method="post">
${questions.map((q) => question(q, values[`q_${q.code}`], errorField === `answers.${q.code}`)).join("\n")}
<fieldset class="choice"><legend>Votre réponse est</legend>
<label><input type="radio" name="mode" value="anonymous"${mode === "anonymous" ? " checked" : ""}> anonyme : la clinique ne saura pas qu'elle vient de vous</label>
<label><input type="radio" name="mode" value="nominative"${mode === "nominative" ? " checked" : ""}> nominative : la clinique pourra vous recontacter</label>
</fieldset>
<button type="submit">Envoyer mes réponses</button>
</form>`;
  return page(TITLES[kind], body);
}

const INVALID = page(
  "Lien non valide",
  "<h1>Ce lien n'est pas ou plus valide</h1><p>Ce lien d'enquête a peut-être déjà été utilisé, ou il a expiré (il est valable 14 jours).</p><p>Merci de votre confiance. Pour toute remarque, vous pouvez appeler la clinique NEST.</p>",
);

const THANKS = page(
  "Merci",
  "<h1>Merci pour vos réponses !</h1><p>Votre avis a bien été enregistré. Il nous aide à améliorer l'accueil et les soins à la clinique NEST.</p>",
);

/** GET and POST /s/:token, in their own scope (the form's urlencoded body is read only here). */
export function surveyPublicRoutes(app: FastifyInstance, services: Services): void {
  app.register(async (scope) => {
    acceptFormFields(scope, 16_384);

    scope.get<{ Params: { token: string } }>("/s/:token", { config: PUBLIC_ROUTE }, async (request, reply) => {
      const db = services.database.db;
      const invitation = await usableInvitation(db, request.params.token, services.clock.now());
      if (!invitation) return sendPage(reply, 404, INVALID);
      const form = await currentForm(db, invitation.kind as SurveyKind, services.clock.now());
      return sendPage(reply, 200, surveyPage(invitation.kind as SurveyKind, invitation.firstName, form.questions));
    });

    scope.post<{ Params: { token: string }; Body: unknown }>(
      "/s/:token",
      { config: PUBLIC_ROUTE },
      async (request, reply) => {
        const fields =
          request.body && typeof request.body === "object" && !Array.isArray(request.body)
            ? Object.fromEntries(
                Object.entries(request.body as Record<string, unknown>).filter(([, v]) => typeof v === "string"),
              )
            : {};
        const values = fields as Record<string, string>;
        const { settings } = await readSettings(services.database.db);
        const now = services.clock.now();
        const outcome = await services.database.db.transaction(async (tx) => {
          const invitation = await usableInvitation(tx, request.params.token, now);
          if (!invitation) return { status: 404, html: INVALID };
          const kind = invitation.kind as SurveyKind;
          const form = await currentForm(tx, kind, now);
          const answers: Record<string, string> = {};
          for (const q of form.questions) {
            const value = values[`q_${q.code}`];
            if (value !== undefined) answers[q.code] = value;
          }
          const checked = checkAnswers(form.questions, answers);
          if ("error" in checked) {
            const field = (checked.error as AppError & { details: { issues: { field: string }[] } }).details.issues[0]
              ?.field;
            return { status: 422, html: surveyPage(kind, invitation.firstName, form.questions, values, field) };
          }
          // Used once: whoever marks it first answers; the day only, never the instant.
          const [used] = await tx
            .update(surveyInvitations)
            .set({ usedOn: clinicDay(now, settings.timeZone) })
            .where(and(eq(surveyInvitations.id, invitation.id), isNull(surveyInvitations.usedOn)))
            .returning({ id: surveyInvitations.id });
          if (!used) return { status: 404, html: INVALID };
          const anonymous = values.mode !== "nominative";
          await insertResponse(tx, services.clock, systemActor("lien d'enquête"), settings.timeZone, {
            kind,
            formVersion: form.version,
            channel: "link",
            anonymous,
            personId: anonymous ? null : invitation.personId,
            site: invitation.site,
            serviceId: invitation.serviceId,
            answers: checked.ok,
          });
          return { status: 200, html: THANKS };
        });
        return sendPage(reply, outcome.status, outcome.html);
      },
    );
  });
}

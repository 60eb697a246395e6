/**
 * Satisfaction surveys (DESIGN §2, procedure 5): the 72 h survey after a new patient's first visit and
 * the discharge survey after a delivery. A questionnaire is data (an admin edits it; each edit is a new
 * version, and an answer keeps the version it answered). Codes are stable: stored and sent in the API.
 */
export const SURVEY_KINDS = ["after_first_visit", "discharge"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** Who filled it: a secretary by phone, the patient on a tablet at the desk, the patient through her link. */
export const SURVEY_CHANNELS = ["phone", "desk", "link"] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** A question: an area scored 1–5, the NPS (0–10), or a free comment. */
export const SURVEY_QUESTION_TYPES = ["score", "nps", "comment"] as const;
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

export interface SurveyQuestion {
  /** Stable code, stored with the answers (« accueil »). */
  code: string;
  type: SurveyQuestionType;
  label: string;
  /** A score or the NPS left blank is allowed unless required; a comment is never required. */
  required: boolean;
}

export const SURVEY_LIMITS = {
  questionsMax: 20,
  labelMax: 200,
  codeMax: 30,
  commentMax: 2000,
  /** Days a personal link stays valid. */
  linkValidDays: 14,
  /** The SMS text of the link. */
  linkTemplateMax: 320,
  baseUrlMax: 200,
} as const;

export const SURVEY_CODE = /^[a-z][a-z0-9_]{0,29}$/;

/** A low score makes a « réclamation / insatisfaction » task (ISO 9001 §9.1.2): any area ≤ 2, or NPS ≤ 6. */
export const LOW_AREA_SCORE = 2;
export const LOW_NPS = 6;

export function isLowScore(scores: Record<string, number>, nps: number | null): boolean {
  return Object.values(scores).some((s) => s <= LOW_AREA_SCORE) || (nps !== null && nps <= LOW_NPS);
}

/** NPS of a set of 0–10 answers: % promoters (9–10) minus % detractors (0–6), rounded; null without answers. */
export function netPromoterScore(answers: readonly number[]): number | null {
  if (answers.length === 0) return null;
  const promoters = answers.filter((a) => a >= 9).length;
  const detractors = answers.filter((a) => a <= 6).length;
  return Math.round(((promoters - detractors) * 100) / answers.length);
}

const areas = (visit: string): SurveyQuestion[] => [
  { code: "accueil", type: "score", label: "L'accueil (secrétariat, réception)", required: true },
  { code: "attente", type: "score", label: `Le temps d'attente ${visit}`, required: true },
  { code: "soins", type: "score", label: "La qualité des soins", required: true },
  {
    code: "information",
    type: "score",
    label: "Les informations et explications reçues",
    required: true,
  },
  { code: "proprete", type: "score", label: "La propreté des locaux", required: true },
  { code: "nps", type: "nps", label: "Recommanderiez-vous NEST à un proche ?", required: true },
  { code: "commentaire", type: "comment", label: "Un commentaire, une suggestion ?", required: false },
];

/** The questionnaires Relais ships with (version 1 of each kind). */
export const DEFAULT_SURVEY_QUESTIONS: Record<SurveyKind, SurveyQuestion[]> = {
  after_first_visit: areas("avant votre consultation"),
  discharge: areas("(admission, examens, sortie)"),
};

/** The SMS that carries a personal link; `{prenom}` and `{lien}` are filled in. */
export const DEFAULT_SURVEY_LINK_TEMPLATE =
  "NEST : Bonjour {prenom}, votre avis nous aide à mieux vous soigner. Répondez à notre courte enquête (anonyme si vous le souhaitez) : {lien}";

export const SURVEY_LINK_VARIABLES = ["prenom", "lien"] as const;

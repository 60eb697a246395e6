import PDFDocument from "pdfkit";
import { pdfBytes } from "../../pdf.ts";
import { formatDay, formatDayTime } from "../quotes/format.ts";
import type { PersonDataSection } from "./person-data.ts";

const MARGIN = 50;

/** French labels of the exported columns (camelCase keys); a column without one is shown by its key. */
const LABELS: Record<string, string> = {
  kind: "Type",
  lastName: "Nom",
  firstName: "Prénom",
  birthDate: "Date de naissance",
  sex: "Sexe",
  email: "E-mail",
  address: "Adresse",
  insured: "Assurée",
  insurer: "Assureur",
  member: "Adhérente",
  notes: "Notes",
  firstContactDate: "Premier contact",
  origin: "Origine",
  temperature: "Température",
  convertedAt: "Convertie le",
  ehrNumber: "N° de dossier (Eyone)",
  ehrCreatedOn: "Dossier créé le",
  provenanceOrigin: "Provenance",
  smsOptOutAt: "Refus des SMS depuis",
  smsOptOutSource: "Refus des SMS (source)",
  emailInvalidAt: "Adresse e-mail refusée le",
  emailInvalidAddress: "Adresse refusée",
  emailInvalidReason: "Motif du refus",
  anonymizedAt: "Anonymisée le",
  possibleDuplicate: "Doublon possible",
  motherId: "Mère (fiche)",
  createdAt: "Créé le",
  updatedAt: "Modifié le",
  e164: "Numéro",
  position: "Ordre",
  link: "Lien",
  fromTemperature: "De",
  toTemperature: "À",
  changedAt: "Le",
  changedBy: "Par",
  reason: "Motif",
  occurredAt: "Date",
  channel: "Canal",
  motive: "Motif",
  requestTypes: "Demandes",
  comment: "Commentaire",
  documentsSent: "Documents envoyés",
  documentsRequested: "Documentation demandée",
  outcome: "Suite donnée",
  reached: "Jointe",
  author: "Par",
  receivedAt: "Reçu le",
  phone: "Téléphone",
  callerName: "Nom donné",
  callerPhone: "Téléphone donné",
  request: "Demande",
  closedAt: "Clos le",
  body: "Message",
  acknowledgedAt: "Pris en compte le",
  startsAt: "Début",
  endsAt: "Fin",
  site: "Site",
  status: "Statut",
  cancelReason: "Motif d'annulation",
  confirmation: "Confirmation",
  rule: "Règle",
  dueAt: "Échéance",
  closeReason: "Motif de clôture",
  outcomeNote: "Note",
  firstContactAt: "Premier contact",
  answeredAt: "Répondu le",
  breached: "Délai dépassé",
  recordedAt: "Enregistré le",
  recordedBy: "Par",
  purpose: "Finalité",
  granted: "Accordé",
  source: "Source",
  wording: "Texte présenté",
  note: "Note",
  since: "Depuis",
  expiresAt: "Expire le",
  usedOn: "Utilisée le",
  answeredOn: "Répondu le",
  scores: "Notes",
  nps: "Recommandation (0-10)",
  startedOn: "Début",
  endedOn: "Fin",
  deliveredOn: "Accouchement le",
  place: "Lieu",
  placeNote: "Précision du lieu",
  mode: "Mode",
  dischargedOn: "Sortie le",
  children: "Enfants",
  mother: "Mère",
  rank: "Rang",
  writtenOn: "Écrit le",
  text: "Texte",
  mayQuote: "Peut être cité",
  heldAt: "Le",
  network: "Réseau",
  consentToAdd: "Accepte d'être ajoutée",
  invitedAt: "Invitée le",
  invitedVia: "Invitée par",
  toStatus: "Nouveau statut",
  fromStatus: "Statut précédent",
  toAddresses: "Destinataire",
  subject: "Objet",
  bodyText: "Texte",
  attachments: "Pièces jointes",
  sentAt: "Envoyé le",
  deliveredAt: "Remis le",
  toPhone: "Téléphone",
  fromPhone: "Téléphone",
  meaning: "Sens",
  campaign: "Campagne",
  unsubscribedAt: "Désinscrite le",
  number: "Numéro",
  issuedOn: "Établi le",
  validUntil: "Valable jusqu'au",
  totalXof: "Total (FCFA)",
  lines: "Lignes",
  dueOn: "Prévue le",
  givenOn: "Faite le",
  vaccine: "Vaccin",
};

/** French words for the codes a person reads in her export (others are shown as stored). */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  kind: { prospect: "Prospect", patient: "Patiente" },
  temperature: { hot: "Chaud", warm: "Tiède", cold: "Froid" },
  channel: {
    phone_in: "Appel entrant",
    phone_out: "Appel sortant",
    visit: "Visite",
    phone: "Téléphone",
    email: "E-mail",
    sms: "SMS",
    whatsapp: "WhatsApp",
    link: "Lien",
    desk: "Comptoir",
    facebook: "Facebook",
    web_form: "Formulaire du site",
  },
  purpose: { newsletter: "Newsletter", offers_events: "Offres et événements", reminders: "Rappels" },
  status: {
    scheduled: "Prévu",
    attended: "Venue",
    no_show: "Absente",
    cancelled: "Annulé",
    sent: "Envoyé",
    failed: "Échec",
    pending: "En attente",
    queued: "En attente",
    delivered: "Remis",
    open: "Ouverte",
    done: "Faite",
    closed: "Close",
  },
};
VALUE_LABELS.fromTemperature = VALUE_LABELS.temperature ?? {};
VALUE_LABELS.toTemperature = VALUE_LABELS.temperature ?? {};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value as read in the PDF: days dd/mm/yyyy, instants with the clinic's hour, Oui/Non, lists joined. */
function display(value: unknown, timeZone: string): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (typeof value === "string") {
    if (ISO_DAY.test(value)) return formatDay(value);
    if (ISO_INSTANT.test(value)) return formatDayTime(new Date(value), timeZone);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => display(v, timeZone)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Identifiers and technical counters mean nothing to the person: left to the JSON export. */
const technical = (key: string) => key === "id" || key.endsWith("Id") || key === "version" || key === "attempts";

export interface ExportHeader {
  clinicName: string;
  personName: string;
  exportedAt: Date;
  exportedBy: string;
  timeZone: string;
}

/**
 * The export as a readable French PDF: a header naming the clinic, the person, the day of the export and who
 * made it, then one heading per section and its rows as « libellé : valeur » lines (empty sections say so).
 */
export async function renderPersonDataPdf(
  header: ExportHeader,
  sections: PersonDataSection[],
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: `Données personnelles de ${header.personName}`,
      Author: header.clinicName,
      Creator: "Relais",
      Producer: "Relais",
      CreationDate: header.exportedAt,
    },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * MARGIN;
  doc.font("Helvetica-Bold").fontSize(18).fillColor("#1f3a5f").text(header.clinicName, MARGIN, MARGIN, { width });
  doc.moveDown(1);
  doc.font("Helvetica-Bold").fontSize(15).fillColor("#000000").text("DONNÉES PERSONNELLES", { width });
  doc.font("Helvetica").fontSize(11).text(`Personne : ${header.personName}`, { width });
  doc
    .fontSize(9)
    .fillColor("#555555")
    .text(
      `Export du ${formatDayTime(header.exportedAt, header.timeZone)}, établi par ${header.exportedBy}. ` +
        "Droit d'accès (loi n° 2008-12 du 25 janvier 2008 sur la protection des données à caractère personnel).",
      { width },
    );
  for (const section of sections) {
    doc.moveDown(1);
    if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
    doc.font("Helvetica-Bold").fontSize(12).fillColor("#1f3a5f").text(section.title, MARGIN, doc.y, { width });
    doc.font("Helvetica").fontSize(9).fillColor("#000000");
    if (section.rows.length === 0) {
      doc.fillColor("#777777").text("Aucune donnée.", { width });
      continue;
    }
    section.rows.forEach((row, index) => {
      if (index > 0) doc.moveDown(0.4);
      const lines = Object.entries(row)
        .filter(([key]) => !technical(key))
        .map(([key, value]) => {
          const code = typeof value === "string" ? VALUE_LABELS[key]?.[value] : undefined;
          return [LABELS[key] ?? key, code ?? display(value, header.timeZone)] as const;
        })
        .filter(([, value]) => value !== "");
      for (const [label, value] of lines) {
        doc.font("Helvetica-Bold").text(`${label} : `, { continued: true, width });
        doc.font("Helvetica").text(value);
      }
    });
    if (section.truncated) {
      doc
        .font("Helvetica-Oblique")
        .fillColor("#777777")
        .text("(Liste limitée aux premières lignes : demandez un extrait complet à l'administrateur.)");
    }
  }
  doc.end();
  return done;
}

import type { ConversionComment, MatchedOn } from "../../shared/reports.ts";

/** French labels of the codes that appear in exports and reports. */
export const TEMPERATURE_LABELS: Record<string, string> = { hot: "Chaud", warm: "Tiède", cold: "Froid" };

export const STATUS_LABELS: Record<string, string> = {
  normal: "Normal",
  dormant: "En veille",
  lost: "Perdu",
  converted: "Converti",
};

export const EXPORT_HEADERS = {
  lastName: "Nom",
  firstName: "Prénom",
  phones: "Téléphones",
  birthDate: "Date de naissance",
  email: "E-mail",
  firstContactDate: "Date de premier contact",
  origin: "Origine",
  temperature: "Température",
  status: "Statut",
  lastInteractionAt: "Dernière interaction",
  createdAt: "Créé le",
  possibleDuplicate: "Doublon possible",
  convertedAt: "Converti le",
  ehrNumber: "Numéro de dossier",
  ehrCreatedOn: "Date de création DPI",
} as const;

/** The interaction channels, as the web app shows them. */
export const CHANNEL_LABELS: Record<string, string> = {
  phone_in: "Appel entrant",
  phone_out: "Appel sortant",
  visit: "Visite",
  email: "E-mail",
  sms: "SMS",
  whatsapp: "WhatsApp",
  facebook: "Facebook",
  web_form: "Formulaire du site",
};

/** The comments of the conversion tracking table, word for word as procedure 2 writes them. */
export const CONVERSION_COMMENT_LABELS: Record<ConversionComment, string> = {
  converted: "Converti",
  already_patient: "Déjà Patient",
  duplicate_prospect: "Doublon Prospect",
  upcoming_appointment: "RDV à venir",
  cancelled_appointment: "RDV annulé",
  no_show: "Pas venu en RDV",
  information_programme: "Renseignements / Programme",
  information_quote: "Renseignements / Devis",
  information: "Renseignements",
  empty: "Vide",
};

/** How a matching record was found. */
export const MATCHED_ON_LABELS: Record<MatchedOn, string> = {
  reconciliation: "rapprochée de cette fiche",
  phone: "même téléphone",
  identity: "mêmes nom, prénom et date de naissance",
};

export const APPOINTMENT_STATUS_LABELS: Record<string, string> = {
  scheduled: "prévu",
  attended: "honoré",
  no_show: "pas venu",
  cancelled: "annulé",
};

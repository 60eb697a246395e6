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

/**
 * French messages of the API's errors, by code. The web app shows them as they
 * come (it has its own catalogue for its screens); an English client can
 * translate by `code`, which is stable.
 */
export const ERROR_MESSAGES = {
  bad_request: "La requête est invalide.",
  validation_failed: "Certains champs sont invalides.",
  invalid_json: "Le corps de la requête n'est pas un JSON valide.",
  unsupported_media_type: "Type de contenu non pris en charge : envoyez du JSON (application/json).",
  payload_too_large: "La requête est trop volumineuse.",
  unauthenticated: "Vous devez vous connecter.",
  session_expired: "Votre session a expiré : veuillez vous reconnecter.",
  invalid_credentials: "Adresse e-mail ou mot de passe incorrect.",
  account_disabled: "Ce compte est désactivé. Adressez-vous à l'administrateur.",
  invalid_api_key: "Clé d'API invalide ou révoquée.",
  too_many_attempts: "Trop de tentatives de connexion. Réessayez dans quelques minutes.",
  csrf_invalid: "Jeton de sécurité (CSRF) manquant ou invalide : rechargez la page.",
  forbidden: "Vous n'avez pas les droits nécessaires pour cette action.",
  password_change_required: "Vous utilisez un mot de passe provisoire : changez-le avant de continuer.",
  not_found: "Ressource introuvable.",
  route_not_found: "Cette adresse d'API n'existe pas.",
  version_conflict: "Cet élément a été modifié entre-temps par quelqu'un d'autre. Rechargez-le avant de le modifier.",
  email_taken: "Un utilisateur utilise déjà cette adresse e-mail.",
  wrong_password: "Le mot de passe actuel est incorrect.",
  last_admin: "Impossible : il doit rester au moins un administrateur actif.",
  self_deactivation: "Vous ne pouvez pas désactiver votre propre compte.",
  already_revoked: "Cette clé d'API est déjà révoquée.",
  possible_duplicate:
    "Cette personne semble déjà connue de NEST (même téléphone, ou mêmes nom, prénom et date de naissance). Ouvrez sa fiche, ou confirmez la création.",
  unknown_origin: "Origine inconnue : choisissez une origine de la liste (Paramètres).",
  ehr_number_taken: "Un patient a déjà ce numéro de dossier.",
  merge_into_itself: "Une fiche ne peut pas être fusionnée avec elle-même.",
  already_merged: "Cette fiche a déjà été fusionnée dans une autre.",
  already_converted: "Ce prospect est déjà marqué converti.",
  import_unreadable: "Le fichier ne peut pas être lu.",
  import_missing_columns: "Des colonnes obligatoires manquent dans l'en-tête du fichier.",
  import_too_large: "Le fichier dépasse la taille maximale d'un import.",
  import_no_file: "Aucun fichier reçu : envoyez le fichier dans le champ « file ».",
  occurred_in_future: "La date de l'interaction est dans le futur.",
  unknown_motive: "Motif inconnu : choisissez un motif de la liste (Paramètres).",
  unknown_request_type: "Type de demande inconnu : choisissez dans la liste (Paramètres).",
  internal_error: "Une erreur interne est survenue. L'équipe technique a été prévenue.",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

import { DATE_BOUNDS } from "../../shared/limits.ts";

/**
 * French messages of the API's errors, by code. The web app shows them as they
 * come (it has its own catalogue for its screens); an English client can
 * translate by `code`, which is stable.
 */
export const ERROR_MESSAGES = {
  bad_request: "La requête est invalide.",
  task_retry_in_past: "Le nouvel essai doit être prévu après maintenant.",
  task_retry_too_far: "Le nouvel essai doit être prévu dans les 60 jours.",
  documentation_refused_not_expected:
    "« Documentation déclinée » ne s'applique qu'à l'appel de qualification d'un prospect tiède qui a été joint.",
  phone_or_email_required: "Indiquez au moins un téléphone ou une adresse e-mail.",
  email_needed_without_phone: "La fiche n'a pas de téléphone : l'adresse e-mail ne peut pas être effacée.",
  reached_not_a_call: "« Joint » ne s'applique qu'à un appel (entrant ou sortant).",
  value_too_long: "Une valeur est trop longue pour être enregistrée : raccourcissez-la.",
  number_out_of_range: "Un nombre est hors des limites acceptées.",
  date_invalid: "Une date ou une heure est invalide ou hors des limites acceptées.",
  value_malformed: "Une valeur n'a pas le format attendu (nombre, date ou identifiant).",
  text_invalid_character: "Un texte contient un caractère non valide : retapez-le sans copier-coller.",
  birth_date_out_of_range: "La date de naissance doit être comprise entre le 01/01/1900 et aujourd'hui.",
  contact_date_out_of_range: `La date doit être comprise entre le 01/01/1990 et dans ${DATE_BOUNDS.contactDaysAhead} jours.`,
  "followup.run_failed":
    "La relance automatique a échoué ; rien n'a été modifié. L'erreur est notée dans les dernières exécutions.",
  validation_failed: "Certains champs sont invalides.",
  invalid_json: "Le corps de la requête n'est pas un JSON valide.",
  unsupported_media_type: "Type de contenu non pris en charge : envoyez du JSON (application/json).",
  payload_too_large: "La requête est trop volumineuse.",
  body_too_deep: "Le corps de la requête est trop imbriqué (32 niveaux au plus).",
  url_invalid: "L'adresse de la requête est mal formée.",
  url_too_long: "Un élément de l'adresse de la requête est trop long.",
  content_length_invalid: "La longueur annoncée du corps de la requête ne correspond pas à son contenu.",
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
  password_too_common:
    "Ce mot de passe est trop courant ou trop facile à deviner : choisissez-en un autre, par exemple plusieurs mots sans rapport.",
  password_contains_personal:
    "Le mot de passe ne doit contenir ni l'adresse e-mail, ni le prénom, ni le nom du compte.",
  password_unchanged: "Le nouveau mot de passe doit être différent du mot de passe actuel.",
  last_admin: "Impossible : il doit rester au moins un administrateur actif.",
  self_deactivation: "Vous ne pouvez pas désactiver votre propre compte.",
  already_revoked: "Cette clé d'API est déjà révoquée.",
  possible_duplicate:
    "Cette personne semble déjà connue de NEST (même téléphone, ou mêmes nom, prénom et date de naissance). Ouvrez sa fiche, ou confirmez la création.",
  unknown_prospect: "Fiche prospect introuvable (ou fusionnée dans une autre) : choisissez-en une autre.",
  unknown_origin: "Origine inconnue : choisissez une origine de la liste (Paramètres).",
  ehr_number_taken: "Un patient a déjà ce numéro de dossier.",
  merge_into_itself: "Une fiche ne peut pas être fusionnée avec elle-même.",
  already_merged: "Cette fiche a déjà été fusionnée dans une autre.",
  already_converted: "Ce prospect est déjà marqué converti.",
  import_unreadable: "Le fichier ne peut pas être lu.",
  import_missing_columns: "Des colonnes obligatoires manquent dans l'en-tête du fichier.",
  report_too_large: "Le tableau dépasserait 200 000 lignes : choisissez une période plus courte.",
  import_too_large: "Le fichier dépasse la taille maximale d'un import.",
  import_no_file: "Aucun fichier reçu : envoyez le fichier dans le champ « file ».",
  import_too_many_rows:
    "Le fichier dépasse 200 000 lignes de données, le maximum d'un import : découpez-le en plusieurs fichiers.",
  occurred_in_future: "La date de l'interaction est dans le futur.",
  unknown_motive: "Motif inconnu : choisissez un motif de la liste (Paramètres).",
  unknown_request_type: "Type de demande inconnu : choisissez dans la liste (Paramètres).",
  unknown_reference: "Un élément désigné n'existe pas (fiche, service, utilisateur ou ligne du registre).",
  received_in_future: "L'heure de l'appel est dans le futur.",
  captured_in_future: "L'heure de saisie est dans le futur : vérifiez l'horloge de ce poste.",
  captured_too_old:
    "La saisie date de plus de 7 jours : elle ne peut plus être synchronisée, reportez-la à la main dans le registre.",
  idempotency_key_reused:
    "Cette clé d'idempotence a déjà servi pour une autre requête : chaque enregistrement doit avoir sa propre clé.",
  idempotency_key_in_progress: "Cette requête est déjà en cours de traitement : réessayez dans un instant.",
  transfer_target_required: "Un appel transféré doit indiquer le service ou la personne vers qui il a été transféré.",
  interaction_not_of_person: "Cette interaction appartient à une autre fiche que celle liée à l'appel.",
  call_not_resumable:
    "Cette ligne n'est pas à reprendre : elle a déjà une issue (répondu, transféré ou message laissé).",
  call_already_resumed: "Cette ligne a déjà été reprise.",
  message_already_acknowledged: "Ce message a déjà été pris en compte.",
  message_for_someone_else:
    "Ce message est adressé à une autre personne : seul son destinataire ou un administrateur peut le marquer comme pris en compte.",
  message_recipient_required: "Indiquez le destinataire du message : une personne ou un service.",
  document_no_file: "Aucun fichier reçu : envoyez le document dans le champ « file ».",
  document_too_large: "Le fichier dépasse 10 Mo, la taille maximale d'un document.",
  document_type_refused:
    "Type de fichier refusé : envoyez un PDF, une image (JPEG, PNG, GIF, WebP) ou un document Word.",
  document_name_required: "Donnez un nom au document.",
  document_inactive: "Un des documents choisis est désactivé ou n'existe pas : rechargez la liste.",
  documentation_email_required:
    "Cette fiche n'a pas d'adresse e-mail : renseignez l'adresse du destinataire pour envoyer la documentation.",
  email_already_sent: "Cet e-mail est déjà envoyé.",
  offer_code_taken: "Une offre du catalogue a déjà ce code.",
  duplicate_price_profile: "Deux prix de cette offre ont le même profil (assurée, adhérente, chambre, libellé).",
  unknown_offer_price: "Ce prix n'appartient pas à cette offre.",
  unknown_person: "Cette fiche n'existe pas.",
  invalid_quote_line: "Une ligne de la facture pro forma est invalide.",
  no_email_address: "Cette personne n'a pas d'adresse e-mail : indiquez le destinataire.",
  unknown_site: "Site inconnu : choisissez un site de la liste (Paramètres).",
  unknown_room: "Cette salle n'existe pas.",
  room_other_site: "Cette salle n'appartient pas au site choisi.",
  room_inactive: "Cette salle est désactivée : choisissez-en une autre.",
  unknown_practitioner: "Ce praticien n'existe pas.",
  practitioner_inactive: "Ce praticien est désactivé : choisissez-en un autre.",
  unknown_service: "Ce service n'existe pas.",
  service_inactive: "Ce service est désactivé : choisissez-en un autre.",
  unknown_call: "Cette ligne du registre des appels n'existe pas.",
  message_recipient_read_only:
    "Ce destinataire a un accès en lecture seule et ne pourrait pas prendre le message en compte : adressez-le à une autre personne ou à un service.",
  merged_record: "Cette fiche a été fusionnée dans une autre : travaillez sur la fiche conservée.",
  consent_source_system_only:
    "Cette source n'est enregistrée que par Relais (lien de désinscription, réponse STOP) : choisissez comment elle l'a dit (appel, entretien, formulaire…).",
  consent_anonymized_record: "Cette fiche a été anonymisée : aucun consentement ne peut plus y être enregistré.",
  consent_person_required: "Liez d'abord l'appel à une fiche pour y enregistrer son consentement aux newsletters.",
  person_merged: "Cette fiche a été fusionnée dans une autre : prenez le rendez-vous sur la fiche conservée.",
  appointment_end_before_start: "La fin du rendez-vous doit être après son début.",
  appointment_too_long: "Un rendez-vous ne peut pas durer plus de 24 heures.",
  appointment_clash:
    "Conflit de planning : ce créneau chevauche un autre rendez-vous de la même salle ou du même praticien.",
  appointment_not_scheduled:
    "Ce rendez-vous n'est plus prévu (déjà honoré, annulé ou marqué absent) : il ne peut plus être modifié.",
  appointment_not_started:
    "Ce rendez-vous n'a pas encore commencé : il ne peut être marqué honoré ou absent qu'après son heure de début.",
  unknown_interactions: "Des interactions désignées n'existent pas : rechargez la liste.",
  task_not_open: "Cette tâche n'est plus ouverte : elle a déjà été faite ou fermée.",
  task_completed_by_its_form:
    "Cette tâche se termine par son propre formulaire : prendre en compte le message, reprendre la ligne du registre ou envoyer la documentation.",
  task_call_outcome_required: "Indiquez le résultat de l'appel : joint, pas de réponse ou mauvais numéro.",
  task_without_record_done_only:
    "Cette réponse SMS vient d'un numéro qu'aucune fiche ne porte : marquez-la traitée (avec une note), aucun appel ne peut être noté sur une fiche.",
  survey_not_expected:
    "L'enquête de satisfaction ne se saisit que pour l'appel d'un nouveau patient (72 h), quand la personne a été jointe.",
  invalid_survey: "Une réponse de l'enquête de satisfaction est invalide.",
  survey_moved:
    "L'enquête de satisfaction se remplit dans son propre formulaire (« Remplir l'enquête ») : elle n'est plus enregistrée avec la tâche.",
  task_reason_required: "Indiquez la raison (au moins 3 caractères).",
  task_postpone_in_past: "La nouvelle échéance doit être dans le futur.",
  task_assignee_inactive: "Cet utilisateur est désactivé : choisissez une personne active.",
  task_assignee_cannot_work:
    "Ce rôle ne traite pas les tâches de relance : choisissez un rôle de l'accueil ou de la GRC.",
  pathway_patient_only:
    "Les parcours se suivent sur une fiche patient : convertissez d'abord la fiche prospect en patient.",
  pathway_already_open:
    "Cette patiente a déjà un parcours de ce type en cours : clôturez-le avant d'en démarrer un autre.",
  pathway_closed: "Ce parcours est déjà clôturé : il ne peut plus être modifié.",
  pathway_not_pregnancy: "Seul un parcours de grossesse a une DDR et une DPA.",
  pathway_start_in_future: "Le début du parcours ne peut pas être après aujourd'hui.",
  pathway_end_before_start: "La fin du parcours ne peut pas précéder son début.",
  pathway_end_in_future: "La fin du parcours ne peut pas être après aujourd'hui.",
  pathway_exit_note_required: "Précisez la raison de la clôture (motif « Autre »).",
  vaccination_patient_only:
    "Le calendrier vaccinal se suit sur une fiche patient : convertissez d'abord la fiche prospect en patient.",
  vaccination_birth_date_required: "Indiquez la date de naissance de l'enfant pour établir son calendrier vaccinal.",
  vaccination_unknown_dose: "Cette dose ne figure pas au calendrier vaccinal (paramètres).",
  vaccination_dose_already_recorded: "Cette dose est déjà enregistrée : corrigez-la plutôt.",
  vaccination_given_invalid: "Cette date n'existe pas.",
  vaccination_given_before_birth: "Une dose ne peut pas être donnée avant la naissance.",
  vaccination_given_future: "La date d'administration ne peut pas être après aujourd'hui.",
  vaccination_no_email: "Ni l'enfant ni sa mère n'ont d'adresse e-mail sur leur fiche.",
  pregnancy_dates_required: "Indiquez la DDR ou la DPA.",
  pregnancy_date_invalid: "Cette date n'existe pas.",
  pregnancy_ddr_future: "La DDR ne peut pas être après aujourd'hui.",
  pregnancy_dpa_too_far: "Cette DPA est trop lointaine : la DDR qui en découle serait après aujourd'hui.",
  pregnancy_date_too_old: "Cette date remonte à plus de 44 SA : vérifiez l'année.",
  pregnancy_dates_mismatch:
    "La DDR et la DPA ne concordent pas (selon la convention de la clinique) : corrigez l'une, ou n'en indiquez qu'une.",
  unknown_document: "Ce document n'est pas dans la bibliothèque de documents.",
  preparation_call_pregnancy_only: "L'appel de 36 SA se note sur un parcours de grossesse.",
  newsletter_channel_required: "Elle souhaite les newsletters : indiquez par quel moyen (e-mail, SMS, WhatsApp).",
  delivery_in_future: "L'accouchement ne peut pas être après aujourd'hui.",
  delivery_before_pregnancy: "L'accouchement ne peut pas précéder le début du parcours de grossesse.",
  discharge_before_delivery: "La sortie ne peut pas précéder l'accouchement.",
  discharge_in_future: "La sortie ne peut pas être après aujourd'hui.",
  internal_error: "Une erreur interne est survenue. L'équipe technique a été prévenue.",
  database_unavailable: "La base de données ne répond pas pour le moment : réessayez dans quelques secondes.",
  shutting_down: "Ce serveur s'arrête (arrêt en cours) : réessayez, une autre instance vous répondra.",
  report_replica_unavailable:
    "La base de lecture des rapports (réplique) est injoignable : réessayez dans un moment ; l'accueil et les fiches ne sont pas touchés.",
  sms_run_as_of_out_of_range: "L'instant du passage doit être à moins de 7 jours de maintenant.",
  sms_not_to_check: "Ce SMS n'est ni « à vérifier » ni en échec : rien à décider.",
  sms_already_sent: "Ce SMS est parti : il ne peut qu'être « envoyé ».",
  sms_callback_refused: "Adresse de rappel inconnue.",
  sms_callback_invalid: "Message du fournisseur illisible.",
  entry_interview_patient_only:
    "L'entretien d'entrée se tient avec un patient : convertissez d'abord le prospect en patient.",
  entry_interview_appointment_unknown: "Ce rendez-vous n'est pas celui de ce patient.",
  entry_interview_appointment_missed: "Ce rendez-vous est annulé ou non honoré : choisissez la visite du patient.",
  entry_interview_exists: "Un entretien d'entrée a déjà été tenu pour cette visite.",
  entry_interview_not_pregnancy: "La DDR et la DPA ne se saisissent que pour une grossesse.",
  survey_answer_missing: "Cette question de l'enquête attend une réponse.",
  survey_answer_invalid:
    "Cette réponse de l'enquête n'est pas valide (une note de 1 à 5, ou de 0 à 10 pour la recommandation).",
  survey_unknown_question: "Cette question ne fait pas partie du questionnaire.",
  survey_form_outdated: "Le questionnaire a changé entre-temps : rechargez la page et répondez de nouveau.",
  survey_person_required: "Une réponse nominative doit indiquer la patiente.",
  survey_person_not_expected: "Une réponse anonyme ne doit pas indiquer la patiente.",
  survey_site_unknown: "Site inconnu.",
  survey_service_unknown: "Service inconnu.",
  survey_questions_invalid: "Le questionnaire est invalide.",
  survey_code_duplicate: "Deux questions ont le même code.",
  survey_one_nps: "Un questionnaire a au plus une question de recommandation (0 à 10).",
  survey_one_comment: "Un questionnaire a au plus une question de commentaire.",
  survey_no_question: "Un questionnaire a au moins une note ou la question de recommandation.",
  survey_link_base_missing:
    "L'adresse publique de Relais n'est pas réglée (Paramètres › Enquêtes) : le lien ne peut pas être envoyé.",
  survey_period_invalid: "La période doit aller d'un mois à un mois égal ou postérieur, sur 10 ans au plus.",
  mothers_group_patient_only: "Le Groupe des Mamans NEST concerne les patientes : convertissez d'abord le prospect.",
  mothers_group_consent_required:
    "Elle doit accepter d'être ajoutée au groupe (son numéro y sera visible) avant d'être marquée membre.",
  mothers_group_link_missing:
    "Le lien d'invitation de ce groupe n'est pas réglé (Paramètres › Groupe des mamans) : l'invitation ne peut pas être envoyée.",
  mothers_group_no_mobile: "Pas de numéro de mobile sur la fiche : l'invitation ne peut pas partir par SMS.",
  mothers_group_no_email: "Pas d'adresse e-mail valide sur la fiche : l'invitation ne peut pas partir par e-mail.",
  "data_rights.refused_patient":
    "Une fiche patient n'est pas effacée : elle suit les règles de conservation du dossier médical de la clinique. Son accès est réservé aux rôles autorisés et chaque lecture est tracée dans le journal d'audit.",
  "data_rights.refused_converted":
    "Ce prospect est devenu patiente (converti ou rapproché d'une fiche patient) : ses données suivent les règles de conservation du dossier médical et ne sont pas effacées.",
  "data_rights.refused_merged":
    "Cette fiche a été fusionnée dans une autre : anonymisez la fiche principale, celle-ci la suit.",
  "data_rights.refused_already_anonymized": "Cette fiche est déjà anonymisée.",
  record_anonymized:
    "Cette fiche a été anonymisée (loi 2008-12) : elle ne peut plus être modifiée. Créez une nouvelle fiche si la personne revient.",
  retention_as_of_out_of_range:
    "La date doit être comprise entre le 01/01/1990 et aujourd'hui : une date future anonymiserait des prospects encore suivis.",
  "data_rights.confirm_name_mismatch":
    "Le nom saisi ne correspond pas à la fiche : tapez exactement le prénom puis le nom pour confirmer.",
  segment_filter_invalid: "Le filtre du segment est incohérent : le minimum doit être inférieur ou égal au maximum.",
  campaign_segment_unknown: "Ce segment n'existe pas (ou plus).",
  campaign_email_subject_required: "L'objet de l'e-mail est requis pour une campagne par e-mail.",
  campaign_email_markdown_required: "Le texte de l'e-mail est requis pour une campagne par e-mail.",
  campaign_sms_text_required: "Le texte du SMS est requis pour une campagne par SMS.",
  campaign_tracking_not_allowed:
    "Le suivi des clics n'est pas autorisé par les paramètres de la clinique (Paramètres › Campagnes).",
  campaign_document_unknown: "Un des documents joints n'existe pas (ou plus) dans la bibliothèque.",
  campaign_not_editable: "Cette campagne n'est plus modifiable : son envoi a commencé, est terminé ou a été annulé.",
  campaign_not_cancellable: "Cette campagne ne peut plus être annulée : elle est déjà envoyée ou annulée.",
  campaign_public_base_missing:
    "L'adresse publique de Relais n'est pas réglée (Paramètres › Enquêtes) : le lien de désinscription ne peut pas être mis dans les messages.",
  campaign_test_no_address: "Indiquez une adresse e-mail pour l'envoi de test.",
  campaign_test_not_staff:
    "Un test part vers l'adresse d'un compte de l'équipe ou celle de la clinique, pas vers une patiente ni une autre adresse.",
  campaign_test_no_phone: "Indiquez un numéro de mobile pour le SMS de test.",
  campaign_run_as_of_out_of_range: "L'instant de l'envoi doit être à moins d'une semaine de maintenant.",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

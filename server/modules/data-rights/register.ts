import PDFDocument from "pdfkit";
import { authorize } from "../../authorize.ts";
import type { Ctx } from "../../context.ts";
import { pdfBytes } from "../../pdf.ts";
import { formatDayTime } from "../quotes/format.ts";
import { readSettings } from "../settings/settings.ts";
import type { ProcessingRegister } from "./data-rights.schema.ts";

const SMS_PROVIDERS: Record<string, string> = {
  orange: "Orange (API SMS Orange Sénégal)",
  http: "Passerelle SMS HTTP configurée par la clinique",
  log: "Aucun (les SMS ne quittent pas Relais : mode journal)",
};

/**
 * The « Registre des traitements » (loi 2008-12): one entry per processing Relais carries out, with its purpose,
 * legal basis, data, people concerned, recipients, retention and security, generated from the settings and the
 * configuration (SMS provider, mail server), for the clinic's declaration to the CDP.
 */
export async function getProcessingRegister(ctx: Ctx): Promise<ProcessingRegister> {
  authorize(ctx.actor, "dataRights.manage");
  const { settings } = await readSettings(ctx.database.db);
  const dp = settings.dataProtection;
  const smsProvider = SMS_PROVIDERS[ctx.config.sms.provider.name] ?? ctx.config.sms.provider.name;
  const mailServerConfigured = Boolean(ctx.config.smtpUrl);
  const mail = mailServerConfigured
    ? "le serveur de messagerie de la clinique (envoi des e-mails)"
    : "aucun serveur de messagerie configuré (les e-mails restent dans la boîte d'envoi)";
  const sms = `le prestataire SMS : ${smsProvider}`;
  const security = [
    "Accès nominatif par identifiant et mot de passe, droits selon le rôle (accueil, secrétariats, responsable du suivi, administrateur)",
    "Chaque modification et chaque lecture d'un dossier patient tracées dans le journal d'audit",
    "Sessions expirées après inactivité, protection contre les essais de mots de passe répétés",
    "Données hébergées par la clinique, sauvegardes régulières",
  ];
  const retentionProspect = `${dp.prospectRetentionYears} an(s) sans contact, puis anonymisation automatique (noms et coordonnées effacés, statistiques conservées)`;
  const medical = "Durée de conservation du dossier médical fixée par la clinique (non effacé par Relais)";
  const processings: ProcessingRegister["processings"] = [
    {
      code: "prospects",
      name: "Suivi des prospects",
      purpose:
        "Répondre aux demandes d'information (appels, visites, e-mails, réseaux sociaux), relancer et proposer un rendez-vous, mesurer la conversion",
      legalBasis: "Intérêt légitime de la clinique (réponse à une demande de la personne)",
      dataCategories: [
        "Identité (nom, prénom, date de naissance)",
        "Coordonnées (téléphones, e-mail, adresse)",
        "Demandes, interactions et devis",
        "Origine du contact, température, assurance",
      ],
      dataSubjects: ["Prospects (personnes ayant contacté la clinique)"],
      recipients: [
        "Personnel de l'accueil et du suivi (rôles accueil, secrétaire GRC, responsable du suivi)",
        mail,
        sms,
      ],
      retention: retentionProspect,
      security,
    },
    {
      code: "patients",
      name: "Suivi des patientes et parcours",
      purpose:
        "Accueillir les nouvelles patientes, suivre les parcours (grossesse, enfant), les accouchements, les vaccinations et les rendez-vous",
      legalBasis: "Mission de soin (prise en charge médicale)",
      dataCategories: [
        "Identité et coordonnées",
        "Numéro de dossier (Eyone)",
        "Parcours, grossesse (DDR, DPA), accouchement, enfants",
        "Vaccinations, rendez-vous, entretiens d'accueil",
      ],
      dataSubjects: ["Patientes", "Enfants suivis à la clinique"],
      recipients: ["Secrétariat médical, secrétaire GRC, responsable du suivi, administrateur", mail, sms],
      retention: medical,
      security,
    },
    {
      code: "reminders",
      name: "Rappels SMS de rendez-vous et de vaccins",
      purpose: "Rappeler les rendez-vous et les vaccinations par SMS (messages de service)",
      legalBasis: "Mission de soin ; la personne peut refuser les SMS à tout moment (STOP ou à l'accueil)",
      dataCategories: ["Nom, téléphone", "Date, heure et site du rendez-vous ou du vaccin"],
      dataSubjects: ["Patientes et prospects ayant un rendez-vous", "Parents des enfants vaccinés"],
      recipients: [sms, "Accueil et secrétariats"],
      retention: "Messages conservés avec le dossier ; texte et numéro effacés à l'anonymisation d'un prospect",
      security,
    },
    {
      code: "surveys",
      name: "Enquêtes de satisfaction",
      purpose: "Mesurer la satisfaction après la première visite et après la sortie de maternité",
      legalBasis:
        "Intérêt légitime (qualité des soins, ISO 9001) ; réponse facultative, anonyme si la personne le souhaite",
      dataCategories: ["Notes et commentaires", "Nom de la patiente si la réponse est nominative"],
      dataSubjects: ["Patientes"],
      recipients: ["Secrétaire GRC, responsable du suivi, direction (résultats agrégés)"],
      retention: medical,
      security,
    },
    {
      code: "newsletters",
      name: "Newsletters et offres",
      purpose: "Envoyer des newsletters (nutrition, allaitement…) et des offres ou événements de la clinique",
      legalBasis:
        "Consentement préalable par canal (e-mail, SMS, WhatsApp), retirable à tout moment par le lien de désinscription ou STOP",
      dataCategories: [
        "Nom, e-mail, téléphone",
        "Consentements (historique)",
        "Critères de segmentation (parcours, âge de l'enfant)",
      ],
      dataSubjects: ["Patientes et prospects ayant consenti"],
      recipients: ["Responsable du suivi, secrétaire GRC", mail, sms],
      retention: "Jusqu'au retrait du consentement ; l'historique des consentements est gardé comme preuve",
      security,
    },
    {
      code: "mothersGroup",
      name: "Groupe des mamans NEST",
      purpose: "Inviter les mamans qui le souhaitent au groupe WhatsApp ou Facebook de la clinique",
      legalBasis: "Consentement (accord pour être ajoutée au groupe)",
      dataCategories: ["Nom, téléphone", "Date prévue d'accouchement ou âge des enfants", "Statut d'adhésion"],
      dataSubjects: ["Patientes enceintes et jeunes mamans"],
      recipients: ["Modératrice du groupe", "Secrétaire GRC", sms],
      retention: "Tant que la personne est membre ; retrait sur simple demande",
      security,
    },
    {
      code: "audit",
      name: "Journal d'audit",
      purpose: "Tracer qui a fait quoi et quand (modifications, lectures de dossiers patients, exports)",
      legalBasis: "Obligation de sécurité (loi 2008-12) et exigences ISO 9001",
      dataCategories: ["Identité de l'utilisateur", "Action, date, élément concerné, valeurs avant et après"],
      dataSubjects: ["Personnel de la clinique", "Personnes dont la fiche est modifiée ou consultée"],
      recipients: ["Administrateur"],
      retention: "Conservé ; les données d'une personne anonymisée y sont remplacées par une mention",
      security,
    },
  ];
  return {
    generatedAt: ctx.clock.now().toISOString(),
    clinicName: settings.clinicName,
    clinicAddress: settings.clinicAddress,
    controllerName: dp.controllerName,
    privacyContact: dp.privacyContact,
    cdpReference: dp.cdpReference,
    prospectRetentionYears: dp.prospectRetentionYears,
    sites: settings.sites.map((s) => ({ code: s.code, name: s.name })),
    smsProvider,
    mailServerConfigured,
    processings,
  };
}

const MARGIN = 50;

/** The register as a PDF to join to the CDP declaration. */
export async function renderProcessingRegisterPdf(ctx: Ctx, options: { compress?: boolean } = {}) {
  const register = await getProcessingRegister(ctx);
  const { settings } = await readSettings(ctx.database.db);
  const generatedAt = new Date(register.generatedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    compress: options.compress ?? true,
    info: { Title: "Registre des traitements", Author: register.clinicName, Creator: "Relais", Producer: "Relais" },
  });
  const done = pdfBytes(doc);
  const width = doc.page.width - 2 * MARGIN;
  doc.font("Helvetica-Bold").fontSize(18).fillColor("#1f3a5f").text(register.clinicName, MARGIN, MARGIN, { width });
  doc.font("Helvetica").fontSize(9).fillColor("#333333").text(register.clinicAddress, { width });
  doc.moveDown(1);
  doc.font("Helvetica-Bold").fontSize(15).fillColor("#000000").text("REGISTRE DES TRAITEMENTS", { width });
  doc.font("Helvetica").fontSize(10);
  const line = (label: string, value: string) => {
    doc.font("Helvetica-Bold").text(`${label} : `, { continued: true, width });
    doc.font("Helvetica").text(value || "—");
  };
  line("Responsable du traitement", register.controllerName);
  line("Contact pour les données personnelles", register.privacyContact);
  line("Référence CDP", register.cdpReference);
  line("Sites", register.sites.map((s) => s.name).join(", "));
  line("Établi le", formatDayTime(generatedAt, settings.timeZone));
  for (const p of register.processings) {
    doc.moveDown(1);
    if (doc.y > doc.page.height - MARGIN - 120) doc.addPage();
    doc.font("Helvetica-Bold").fontSize(12).fillColor("#1f3a5f").text(p.name, MARGIN, doc.y, { width });
    doc.fontSize(9).fillColor("#000000");
    line("Finalité", p.purpose);
    line("Base légale", p.legalBasis);
    line("Données", p.dataCategories.join(" ; "));
    line("Personnes concernées", p.dataSubjects.join(" ; "));
    line("Destinataires", p.recipients.join(" ; "));
    line("Conservation", p.retention);
    line("Sécurité", p.security.join(" ; "));
  }
  doc.end();
  return { fileName: "registre-des-traitements.pdf", content: await done };
}

import { z } from "zod";
import { INVITATION_VARIABLES } from "../../../shared/mothers-group.ts";
import { unknownVariables } from "../../../shared/sms-templates.ts";

const link = z
  .string()
  .trim()
  .max(500)
  .refine((url) => url === "" || /^https:\/\/[^\s]+$/.test(url), "adresse https:// attendue");

/** A template of the invitation: only `{prenom}`, `{reseau}`, `{lien}`, and the link must be in it when asked. */
const template = (max: number, needsLink: boolean) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(
      (text) => unknownVariables(text, INVITATION_VARIABLES).length === 0,
      "variable inconnue : {prenom}, {reseau}, {lien}",
    )
    .refine((text) => !needsLink || text.includes("{lien}"), "le texte doit contenir {lien}");

/** The « Groupe des Mamans NEST » (procedure 5): the groups' invitation links and the invitation's texts. */
export const mothersGroupSettingsSchema = z
  .strictObject({
    /** WhatsApp's « lien d'invitation » of the group (https://chat.whatsapp.com/…); empty: not invited by link. */
    whatsappInviteUrl: link,
    /** The Facebook group's address (https://www.facebook.com/groups/…). */
    facebookGroupUrl: link,
    /** The SMS carrying the link: `{prenom}`, `{reseau}`, `{lien}`. */
    smsTemplate: template(480, true),
    emailSubject: template(200, false),
    emailBody: template(5000, true),
  })
  .default({
    whatsappInviteUrl: "",
    facebookGroupUrl: "",
    smsTemplate: "Bonjour {prenom}, rejoignez le Groupe des Mamans NEST sur {reseau} : {lien}",
    emailSubject: "Votre invitation au Groupe des Mamans NEST",
    emailBody:
      "Bonjour {prenom},\n\nComme convenu, voici le lien pour rejoindre le Groupe des Mamans NEST sur {reseau} : {lien}\n\nÀ bientôt,\nL'équipe de la clinique NEST",
  });

import { z } from "zod";

const link = z
  .string()
  .trim()
  .max(500)
  .refine((url) => url === "" || /^https:\/\/[^\s]+$/.test(url), "adresse https:// attendue");

/** The « Groupe des Mamans NEST » (procedure 5): the groups' invitation links and the invitation's texts. */
export const mothersGroupSettingsSchema = z
  .strictObject({
    whatsappInviteUrl: link,
    facebookGroupUrl: link,
    /** The SMS carrying the link: `{prenom}`, `{reseau}`, `{lien}`. */
    smsTemplate: z.string().trim().min(1).max(480),
    emailSubject: z.string().trim().min(1).max(200),
    emailBody: z.string().trim().min(1).max(5000),
  })
  .default({
    whatsappInviteUrl: "",
    facebookGroupUrl: "",
    smsTemplate: "Bonjour {prenom}, rejoignez le Groupe des Mamans NEST sur {reseau} : {lien}",
    emailSubject: "Votre invitation au Groupe des Mamans NEST",
    emailBody:
      "Bonjour {prenom},\n\nComme convenu, voici le lien pour rejoindre le Groupe des Mamans NEST sur {reseau} : {lien}\n\nÀ bientôt,\nL'équipe de la clinique NEST",
  });

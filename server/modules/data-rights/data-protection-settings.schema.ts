import { z } from "zod";

/** Personal data (loi 2008-12): retention and what the « Registre des traitements » names. */
export const dataProtectionSettingsSchema = z
  .strictObject({
    /** A prospect who never became a patient is anonymised after so many years without contact. */
    prospectRetentionYears: z.number().int().min(1).max(20),
    /** The data controller (« responsable du traitement ») as declared to the CDP. */
    controllerName: z.string().trim().max(200),
    /** Who answers requests about personal data (name, e-mail or phone). */
    privacyContact: z.string().trim().max(300),
    /** The CDP's receipt or authorisation number, once declared. */
    cdpReference: z.string().trim().max(100),
  })
  .default({ prospectRetentionYears: 3, controllerName: "Clinique NEST", privacyContact: "", cdpReference: "" });

import type { Role } from "../../shared/roles.ts";
import type { Ctx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { generatePassword } from "../modules/auth/password-strength.ts";
import { createUser } from "../modules/users/create-user.ts";

/** The staff of the demonstration, one per front-office role besides the admin (shared/permissions.ts). */
export const DEMO_STAFF: { email: string; firstName: string; lastName: string; role: Role }[] = [
  { email: "awa.diop@nest.sn", firstName: "Awa", lastName: "Diop", role: "reception" },
  { email: "mariama.sow@nest.sn", firstName: "Mariama", lastName: "Sow", role: "crm_secretary" },
  { email: "khadija.fall@nest.sn", firstName: "Khadija", lastName: "Fall", role: "prospects_manager" },
];

/** How the demo prints a role (the web app's labels, web/src/i18n/fr.json "roles"). */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrateur (pilote)",
  prospects_manager: "Responsable du suivi des prospects",
  crm_secretary: "Secrétaire GRC",
  reception: "Chargée d'accueil",
  medical_secretary: "Secrétaire médicale",
  viewer: "Direction (lecture seule)",
};

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  /** Generated, returned once to be printed: only its hash is stored; to change at the first sign-in. */
  password: string;
}

/**
 * Creates the demonstration's staff accounts through createUser (hashed,
 * audited, to change at the first sign-in), each with a generated password
 * returned once. An e-mail already taken is left as it is.
 */
export async function createDemoAccounts(ctx: Ctx): Promise<DemoAccount[]> {
  const created: DemoAccount[] = [];
  for (const staff of DEMO_STAFF) {
    const password = generatePassword(staff);
    const user = await createUser(ctx, { ...staff, password }, { mustChangePassword: true }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "email_taken") return null;
      throw error;
    });
    if (user) {
      created.push({ email: staff.email, name: `${staff.firstName} ${staff.lastName}`, role: staff.role, password });
    }
  }
  return created;
}

/** The lines `npm run demo` and `relais demo` print once: who can sign in, as what, with which password. */
export function demoAccountLines(accounts: DemoAccount[]): string[] {
  if (accounts.length === 0) return [];
  return [
    "",
    "  Comptes de démonstration créés (mots de passe affichés une seule fois, à changer à la première connexion) :",
    ...accounts.map(
      (a) => `    ${a.name.padEnd(14)} ${ROLE_LABELS[a.role].padEnd(36)} ${a.email.padEnd(22)} ${a.password}`,
    ),
    "",
  ];
}

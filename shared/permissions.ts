import { ROLES, type Role } from "./roles.ts";

/**
 * The one role → permission matrix of Relais (DESIGN §1). Every route names the
 * permission it needs; the server refuses the others before reading the request,
 * and the web app uses the same table to show only what a role may open.
 */
const everyone = ROLES;
/** Everyone who talks to prospects and patients; management only reads. */
const frontOffice = ["admin", "prospects_manager", "crm_secretary", "reception", "medical_secretary"] as const;

export const PERMISSIONS = {
  /** Read the clinic settings (sites, time zone, business days): every screen needs them. */
  "settings.read": everyone,
  "settings.write": ["admin"],
  "users.manage": ["admin"],
  "apiKeys.manage": ["admin"],
  "audit.read": ["admin"],
  /** Find and read prospect and patient records, their interactions and history. */
  "people.read": everyone,
  /** Create and edit records (a new prospect with her first temperature), record interactions. */
  "people.write": frontOffice,
  /**
   * Change a prospect's temperature once recorded: « l'appréciation du pilote » (procedure 4), so the prospects
   * manager and the CRM secretaries; reception records the first one only (procedure 2: « chaud » by default).
   */
  "prospects.classify": ["admin", "prospects_manager", "crm_secretary"],
  /**
   * Bulk exports of the prospect and patient lists (XLSX, CSV): the whole base's
   * phones and birth dates leave the app, so only management has it. Everyone
   * with `people.read` still reads one record at a time.
   */
  "people.export": ["admin", "prospects_manager"],
  /**
   * Bulk exports of prospects only: the prospect list and the conversion tracking
   * table as files (the CRM secretary keeps that table in Excel, procedure 2).
   */
  "prospects.export": ["admin", "prospects_manager", "crm_secretary"],
  /** Merge two prospect records of one person (histories kept). */
  "people.merge": ["admin", "prospects_manager"],
  /** Load the legacy prospect table or an EHR patient export. */
  "people.import": ["admin", "prospects_manager", "crm_secretary"],
  /** Read the call register, the end-of-day view and the message inboxes. */
  "calls.read": everyone,
  /** Log calls and visits in the register, take and acknowledge messages. */
  "calls.write": frontOffice,
  /** Read appointments and the room occupancy planning. */
  "appointments.read": everyone,
  /** Book, move, cancel appointments, mark them attended or no-show. */
  "appointments.write": frontOffice,
  /**
   * Start and close a patient's pathways (« parcours »), correct a pregnancy's DDR or DPA: the secretaries who
   * follow patients (procedure 5) and the admin. Reading them is `people.read`.
   */
  "pathways.write": ["admin", "crm_secretary", "medical_secretary"],
  /**
   * Record a new patient's entry interview (« entretien d'entrée », procedure 5: « avec une secrétaire médicale »),
   * which may start the pathway of the visit's purpose. Reading the interviews is `people.read`.
   */
  "entryInterviews.write": ["admin", "medical_secretary"],
  /**
   * Record satisfaction survey answers (by phone inside the 72 h call, at the desk on a tablet) and send a
   * patient her personal survey link by SMS (DESIGN §2). Editing the questionnaires is `settings.write`,
   * reading the results `reports.read`.
   */
  "surveys.answer": frontOffice,
  /**
   * Record a consent granted or withdrawn (loi 2008-12): whoever talks to the person writes what she said.
   * Reading the register is `people.read`.
   */
  "consents.write": frontOffice,
  /** Segments and campaigns (newsletters, offers): build, test, schedule, send, read their figures. */
  "campaigns.manage": ["admin", "prospects_manager", "crm_secretary"],
  /** The « Groupe des Mamans NEST »: record wishes, send invitations, mark members; the moderator's list. */
  "mothersGroup.manage": ["admin", "prospects_manager", "crm_secretary", "medical_secretary"],
  /**
   * A person's rights (loi 2008-12): export all Relais holds about her (access), anonymise a prospect, read the
   * « Registre des traitements ». Management only: the export is her whole record.
   */
  "dataRights.manage": ["admin", "prospects_manager"],
  /** Rooms, practitioners and the clinic's services. */
  "scheduling.manage": ["admin"],
  /** Read the catalogue (LUTIN), the documentation library and quotes. */
  "catalogue.read": everyone,
  /** Edit the catalogue and the objectives, upload documents. */
  "catalogue.write": ["admin"],
  /** Send documentation, make and send pro forma quotes, see and retry the emails one sent. */
  "mail.send": frontOffice,
  /** See every email of the outbox, retry any, and run the sender over the whole outbox. */
  "mail.manage": ["admin"],
  /** Read the SMS outbox (what was sent to whom, what waits and why) and the reminders' states. */
  "sms.read": everyone,
  /** Run the SMS sender and the reminders now, decide on an SMS « à vérifier », send a failed one again. */
  "sms.manage": ["admin"],
  /** Read the follow-up task queues (everyone's, by role, by person). */
  "tasks.read": everyone,
  /** Complete, reassign and postpone follow-up tasks. */
  "tasks.work": frontOffice,
  /** Run the follow-up engine on demand, as of any instant. */
  "followup.run": ["admin", "prospects_manager"],
  /** The daily digest of the previous day's interactions: read, mark processed, export. */
  "digest.manage": ["admin", "prospects_manager"],
  /**
   * The conversion tracking table (procedure 2: the CRM secretary keeps it), the
   * conversion rates and the procedure-compliance dashboard; management reads them.
   */
  "reports.read": ["admin", "prospects_manager", "crm_secretary", "viewer"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The permission a bulk export of prospects or patients needs (the CRM secretary exports prospects only). */
export const exportPermission = (kind: "prospect" | "patient"): Permission =>
  kind === "prospect" ? "prospects.export" : "people.export";

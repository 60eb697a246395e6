/**
 * The scale-out test's clients: each logs in once with its own account (the session lives in the database, so any
 * instance serves it), then reads (lookup, lists) and writes (a new prospect, a call in the
 * register, an appointment for tomorrow — its reminder SMS — and documentation by e-mail, both for
 * a prospect the client made) in a loop, every write carrying a unique marker in its notes or message.
 */

export type Operation =
  | "lookup"
  | "prospects"
  | "calls"
  | "create-prospect"
  | "log-call"
  | "book-appointment"
  | "send-documentation";
export const WRITES: readonly Operation[] = ["create-prospect", "log-call", "book-appointment", "send-documentation"];

export interface Outcome {
  operation: Operation;
  /** Seconds since the start of the load when the request was sent, and when it ended. */
  sentAt: number;
  endedAt: number;
  /** The HTTP status, or 0 when no answer came (connection cut, timeout). */
  status: number;
  /** The write's marker (in the record's notes, or the e-mail's message). */
  marker?: string;
  /** The error code of an error answer, or the network error. */
  error?: string;
}

const WRITE_URLS: Partial<Record<Operation, string>> = {
  "create-prospect": "/api/prospects",
  "log-call": "/api/calls",
  "book-appointment": "/api/appointments",
  "send-documentation": "/api/documentation",
};

/** The mix: three reads out of five. */
const MIX: [Operation, number][] = [
  ["lookup", 0.32],
  ["prospects", 0.17],
  ["calls", 0.11],
  ["create-prospect", 0.18],
  ["log-call", 0.1],
  ["book-appointment", 0.06],
  ["send-documentation", 0.06],
];

function pick(): Operation {
  let r = Math.random();
  for (const [operation, weight] of MIX) {
    r -= weight;
    if (r < 0) return operation;
  }
  return "lookup";
}

/** The prospects a client made that have no appointment yet, and no documentation e-mail yet. */
interface Own {
  toBook: string[];
  toMail: string[];
}

interface Session {
  cookie: string;
  csrfToken: string;
}

const LOOKUPS = ["77", "Ndiaye", "Fatou", "Diop", "78 1", "Sow"];
const LAST_NAMES = ["Ndiaye", "Diop", "Sow", "Fall", "Ba", "Sarr", "Faye", "Gueye"];
const FIRST_NAMES = ["Fatou", "Aminata", "Mariama", "Awa", "Khady", "Astou", "Ndeye", "Coumba"];

/** Logs in through the proxy, trying again while the cluster is not ready (the login is not a measured write). */
async function logIn(base: string, email: string, password: string, until: number): Promise<Session> {
  let last = "";
  for (;;) {
    try {
      const response = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      if (response.status === 200) {
        const cookie = (response.headers.getSetCookie().find((c) => c.startsWith("relais_session=")) ?? "").split(
          ";",
        )[0];
        const { csrfToken } = JSON.parse(text) as { csrfToken: string };
        if (cookie) return { cookie, csrfToken };
      }
      if (response.status === 401) throw new Error(`login refused: ${text}`);
      last = `${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("login refused")) throw error;
      last = `${(error as Error).name} ${(error as { cause?: { code?: string } }).cause?.code ?? ""}`;
    }
    if (Date.now() > until) throw new Error(`could not log in (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A phone of its own for each write (Senegal mobile, 78 then 7 digits): no duplicate warning between them. */
function phoneOf(sequence: number): string {
  return `+22178${String(sequence).padStart(7, "0")}`;
}

/** The address a write's documentation e-mail goes to: one per write. */
export function emailOf(runId: string, sequence: number): string {
  return `scale-out-${runId}-${sequence}@example.sn`;
}

export interface LoadOptions {
  base: string;
  clients: number;
  durationMs: number;
  /** One account per client. */
  accounts: string[];
  password: string;
  /** Marks this run's writes. */
  runId: string;
  /** Pause between two requests of one client (the machine is shared). */
  thinkMs: number;
  /** When the appointments are booked (within the reminders' offset: their SMS is due at once). */
  appointmentStartsAt: string;
  /** The library's document the documentation e-mails send. */
  documentId: string;
}

/** Runs the clients for `durationMs`, returns every request's outcome. */
export async function runLoad(options: LoadOptions, startedAt: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const end = startedAt + options.durationMs;
  let sequence = 0;
  const seconds = () => (Date.now() - startedAt) / 1000;

  async function send(session: Session, chosen: Operation, own: Own): Promise<void> {
    // An appointment or an e-mail is for a prospect this client made (one each, so one SMS per phone, one
    // e-mail per address); none left: a new prospect instead.
    const person =
      chosen === "book-appointment" ? own.toBook.shift() : chosen === "send-documentation" ? own.toMail.shift() : null;
    const operation = person === undefined ? "create-prospect" : chosen;
    let url: string;
    let init: RequestInit = {};
    let marker: string | undefined;
    const headers = { cookie: session.cookie };
    if (operation === "lookup") {
      url = `/api/lookup?q=${encodeURIComponent(LOOKUPS[Math.floor(Math.random() * LOOKUPS.length)] ?? "77")}`;
    } else if (operation === "prospects") {
      url = "/api/prospects?pageSize=25";
    } else if (operation === "calls") {
      url = "/api/calls";
    } else {
      sequence += 1;
      marker = `scale-out ${options.runId} ${sequence}`;
      const phone = phoneOf(sequence);
      const body =
        operation === "book-appointment"
          ? {
              personId: person,
              site: "CLINIQUE",
              startsAt: options.appointmentStartsAt,
              durationMinutes: 30,
              notes: marker,
            }
          : operation === "send-documentation"
            ? {
                personId: person,
                documentIds: [options.documentId],
                to: emailOf(options.runId, sequence),
                message: marker,
              }
            : operation === "create-prospect"
              ? {
                  lastName: LAST_NAMES[sequence % LAST_NAMES.length],
                  firstName: FIRST_NAMES[sequence % FIRST_NAMES.length],
                  phones: [phone],
                  origin: "event",
                  notes: marker,
                  confirmDuplicate: true,
                }
              : { channel: "phone", phone, request: "Informations sur le suivi de grossesse", notes: marker };
      url = WRITE_URLS[operation] ?? "/api/prospects";
      init = {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: JSON.stringify(body),
      };
    }
    const sentAt = seconds();
    try {
      const response = await fetch(`${options.base}${url}`, {
        headers,
        ...init,
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      let error: string | undefined;
      if (response.status >= 400) {
        try {
          error = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? `http ${response.status}`;
        } catch {
          error = `http ${response.status}`;
        }
      }
      outcomes.push({ operation, sentAt, endedAt: seconds(), status: response.status, marker, error });
      if (operation === "create-prospect" && response.status === 201) {
        const { id } = (JSON.parse(text) as { person: { id: string } }).person;
        own.toBook.push(id);
        own.toMail.push(id);
      }
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      outcomes.push({
        operation,
        sentAt,
        endedAt: seconds(),
        status: 0,
        marker,
        error: cause ?? (error as Error).name,
      });
    }
  }

  async function client(index: number): Promise<void> {
    // The clients log in one after the other's first steps (argon2 is slow on purpose).
    await new Promise((resolve) => setTimeout(resolve, index * 20));
    const session = await logIn(options.base, options.accounts[index] ?? "", options.password, end);
    const own: Own = { toBook: [], toMail: [] };
    while (Date.now() < end) {
      await send(session, pick(), own);
      await new Promise((resolve) => setTimeout(resolve, options.thinkMs));
    }
  }

  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return outcomes;
}

/** The q-quantile (0–1) of `values`, in the values' unit. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

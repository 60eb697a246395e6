/**
 * The scale-out test's clients: each logs in once with its own account (the session lives in the database, so any
 * instance serves it), then reads (lookup, lists) and writes (a new prospect, a call in the
 * register) in a loop, every write carrying a unique marker in its notes.
 */

export type Operation = "lookup" | "prospects" | "calls" | "create-prospect" | "log-call";
export const WRITES: readonly Operation[] = ["create-prospect", "log-call"];

export interface Outcome {
  operation: Operation;
  /** Seconds since the start of the load when the request was sent, and when it ended. */
  sentAt: number;
  endedAt: number;
  /** The HTTP status, or 0 when no answer came (connection cut, timeout). */
  status: number;
  /** The write's marker (in the record's notes). */
  marker?: string;
  /** The error code of an error answer, or the network error. */
  error?: string;
}

/** The mix: two reads out of three. */
const MIX: [Operation, number][] = [
  ["lookup", 0.35],
  ["prospects", 0.2],
  ["calls", 0.12],
  ["create-prospect", 0.18],
  ["log-call", 0.15],
];

function pick(): Operation {
  let r = Math.random();
  for (const [operation, weight] of MIX) {
    r -= weight;
    if (r < 0) return operation;
  }
  return "lookup";
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
}

/** Runs the clients for `durationMs`, returns every request's outcome. */
export async function runLoad(options: LoadOptions, startedAt: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const end = startedAt + options.durationMs;
  let sequence = 0;
  const seconds = () => (Date.now() - startedAt) / 1000;

  async function send(session: Session, operation: Operation): Promise<void> {
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
        operation === "create-prospect"
          ? {
              lastName: LAST_NAMES[sequence % LAST_NAMES.length],
              firstName: FIRST_NAMES[sequence % FIRST_NAMES.length],
              phones: [phone],
              origin: "event",
              notes: marker,
              confirmDuplicate: true,
            }
          : { channel: "phone", phone, request: "Informations sur le suivi de grossesse", notes: marker };
      url = operation === "create-prospect" ? "/api/prospects" : "/api/calls";
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
    while (Date.now() < end) {
      await send(session, pick());
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

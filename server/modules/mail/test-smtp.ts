/**
 * Tests only: a real SMTP server in the test process, collecting what it
 * receives, and a small reader of the received MIME messages (headers,
 * text, attachments) so tests check what a mail client would see.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  message: MimePart;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** The next `count` messages (counting those already received since the last reset). */
  waitFor(count: number): Promise<ReceivedMail[]>;
  /** Refuse every recipient (550, for good) while true: a server that rejects the mail. */
  rejecting: boolean;
  /** Refuse every recipient for now (450, try later) while true: a server that is busy. */
  rejectingTemporarily: boolean;
  /** Answer 451 to a message's data, once it is released from a hold, while true. */
  rejectingData: boolean;
  /** The answer to a refused message's data (451 by default; 554 « taken for spam » is for good but not the address's fault). */
  dataRefusalCode: number;
  /**
   * Holds every message from now on, unacknowledged, until `release()` (a later
   * `hold()` takes the messages after it): at "data", once the whole message is
   * received; at "envelope", before answering MAIL FROM (the message not sent yet).
   * `arrived(n)` resolves once n messages are being held.
   */
  hold(stage?: "data" | "envelope"): Hold;
  close(): Promise<void>;
}

export interface Hold {
  arrived(count: number): Promise<void>;
  release(): void;
}

interface Gate {
  stage: "data" | "envelope";
  open: Promise<void>;
  held: number;
  onHeld: (() => void) | null;
}

/** Waits at the current gate of this stage, if any. */
async function pass(gate: Gate | null, stage: Gate["stage"]): Promise<void> {
  if (!gate || gate.stage !== stage) return;
  gate.held += 1;
  gate.onHeld?.();
  await gate.open;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: (mails: ReceivedMail[]) => void }[] = [];
  const state: {
    rejecting: boolean;
    rejectingTemporarily: boolean;
    rejectingData: boolean;
    dataRefusalCode: number;
    gate: Gate | null;
  } = {
    rejecting: false,
    rejectingTemporarily: false,
    rejectingData: false,
    dataRefusalCode: 451,
    gate: null,
  };
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(received.slice(0, waiter.count));
      }
    }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // No reverse DNS of the client (127.0.0.1): it is all the delay of a connection.
    disableReverseLookup: true,
    onMailFrom(_address, _session, callback) {
      pass(state.gate, "envelope").then(() => callback());
    },
    onRcptTo(_address, _session, callback) {
      if (state.rejecting) {
        const error = Object.assign(new Error("Mailbox unavailable: relay denied"), { responseCode: 550 });
        callback(error);
        return;
      }
      if (state.rejectingTemporarily) {
        callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 450 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        await pass(state.gate, "data");
        if (state.rejectingData) {
          callback(Object.assign(new Error("Requested action aborted"), { responseCode: state.dataRefusalCode }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("latin1");
        const mailFrom = session.envelope.mailFrom;
        received.push({
          envelope: {
            from: mailFrom ? mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          message: parseMime(raw),
        });
        callback();
        notify();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get rejecting() {
      return state.rejecting;
    },
    set rejecting(value: boolean) {
      state.rejecting = value;
    },
    get rejectingTemporarily() {
      return state.rejectingTemporarily;
    },
    set rejectingTemporarily(value: boolean) {
      state.rejectingTemporarily = value;
    },
    get rejectingData() {
      return state.rejectingData;
    },
    set rejectingData(value: boolean) {
      state.rejectingData = value;
    },
    get dataRefusalCode() {
      return state.dataRefusalCode;
    },
    set dataRefusalCode(value: number) {
      state.dataRefusalCode = value;
    },
    hold: (stage = "data") => {
      let release: () => void = () => {};
      const gate: Gate = {
        stage,
        held: 0,
        onHeld: null,
        open: new Promise<void>((resolve) => {
          release = resolve;
        }),
      };
      state.gate = gate;
      return {
        arrived: (count) =>
          new Promise<void>((resolve) => {
            const check = () => {
              if (gate.held >= count) {
                gate.onHeld = null;
                resolve();
              }
            };
            gate.onHeld = check;
            check();
          }),
        release: () => {
          if (state.gate === gate) state.gate = null;
          release();
        },
      };
    },
    waitFor: (count) =>
      new Promise((resolve) => {
        waiters.push({ count, resolve });
        notify();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MimePart {
  headers: Record<string, string>;
  /** Decoded bytes of a leaf part. */
  body: Buffer;
  parts: MimePart[];
}

/** `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=` words of a header, decoded. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === "B") return Buffer.from(text, "base64").toString("utf8");
      const bytes = text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => `%${hex}`);
      return decodeURIComponent(bytes);
    });
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i];
    if (c === "=" && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

/** A header's parameter (`boundary`, `filename`), including RFC 2231 `filename*=utf-8''…` and its continuations. */
export function headerParam(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const plain = new RegExp(`;\\s*${name}="?([^";]*)"?`, "i").exec(header);
  if (plain?.[1]) return decodeWords(plain[1]);
  const pieces: string[] = [];
  const extended = new RegExp(`;\\s*${name}\\*(\\d+)?\\*?="?([^";]*)"?`, "gi");
  for (let m = extended.exec(header); m; m = extended.exec(header)) pieces.push(m[2] ?? "");
  if (pieces.length === 0) return undefined;
  return decodeURIComponent(pieces.join("").replace(/^[^']*'[^']*'/, ""));
}

/** Reads a raw message (latin1 string of its bytes) into headers and decoded parts. */
export function parseMime(raw: string): MimePart {
  const split = raw.indexOf("\r\n\r\n");
  const head = split === -1 ? raw : raw.slice(0, split);
  const bodyText = split === -1 ? "" : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const type = headers["content-type"] ?? "text/plain";
  if (type.toLowerCase().startsWith("multipart/")) {
    const boundary = headerParam(type, "boundary") ?? "";
    const sections = bodyText.split(`--${boundary}`).slice(1);
    const parts = sections
      .filter((s) => !s.startsWith("--"))
      .map((s) => parseMime(s.replace(/^\r\n/, "").replace(/\r\n$/, "")));
    return { headers, body: Buffer.alloc(0), parts };
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const body =
    encoding === "base64"
      ? Buffer.from(bodyText.replace(/\s+/g, ""), "base64")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(bodyText)
        : Buffer.from(bodyText, "latin1");
  return { headers, body, parts: [] };
}

/** Every leaf part, depth first. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

/** The text of the message and its attachments (file name and bytes). */
export function readMail(mail: ReceivedMail) {
  const all = leaves(mail.message);
  const text = all.find((p) => (p.headers["content-type"] ?? "text/plain").startsWith("text/plain"));
  const attachments = all
    .filter((p) => headerParam(p.headers["content-disposition"], "filename"))
    .map((p) => ({
      fileName: headerParam(p.headers["content-disposition"], "filename") as string,
      contentType: (p.headers["content-type"] ?? "").split(";")[0] ?? "",
      content: p.body,
    }));
  const h = mail.message.headers;
  return {
    from: decodeWords(h.from ?? ""),
    to: decodeWords(h.to ?? ""),
    cc: decodeWords(h.cc ?? ""),
    subject: decodeWords(h.subject ?? ""),
    text: text ? text.body.toString("utf8") : "",
    attachments,
  };
}

/**
 * What every SMS provider offers the outbox: one send, and an outcome that says
 * whether the message left, may be sent again, must never be sent again, or may
 * have left without the provider saying so.
 */

export interface SmsMessage {
  /** The recipient in E.164 form, e.g. +221771234567. */
  to: string;
  text: string;
  /** Our outbox id, for logs and simulated provider ids. */
  reference: string;
}

export type SendOutcome =
  /** The provider took the message; its own id when it gave one. */
  | { kind: "sent"; providerId: string | undefined }
  /**
   * Nothing left (429, 5xx, connection refused before sending): safe to send again, after retryAfterMs if
   * given. `rateLimited`: the provider said « too many requests » (429), to every sender of the process.
   */
  | { kind: "retry"; error: string; retryAfterMs?: number; rateLimited?: boolean }
  /** The provider refused it for good (bad number, bad configuration): never send it again as is. */
  | { kind: "rejected"; error: string }
  /** Time-out or connection cut once the request was sent: the message may have left; a person decides. */
  | { kind: "ambiguous"; error: string };

export interface SmsProvider {
  readonly name: "orange" | "http" | "log";
  /** True when nothing leaves the machine (the log provider). */
  readonly simulated: boolean;
  send(message: SmsMessage): Promise<SendOutcome>;
}

/** A phone number in E.164 form: +, country code, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** The checks every provider makes before anything goes out (a refusal here is for good). */
export function invalidMessage(message: SmsMessage): SendOutcome | undefined {
  if (!E164.test(message.to)) {
    return {
      kind: "rejected",
      error: `Numéro invalide : « ${message.to} » (format international attendu, ex. +221771234567)`,
    };
  }
  if (message.text.trim() === "") return { kind: "rejected", error: "Message vide : rien à envoyer" };
  return undefined;
}

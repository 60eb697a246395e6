/**
 * What Orange posts back to us: delivery receipts for the messages we sent, and
 * messages people send to our number (STOP…). Bodies come from outside: nothing
 * here throws, a malformed body is an error result in French naming the field.
 * The generic gateway's simple JSON format is read by `http-callbacks.ts`.
 */

export type DeliveryStatus = "delivered" | "failed" | "pending";

export interface DeliveryReceipt {
  /** The provider's id of the message: Orange's from the resourceURL, the gateway's `id`. */
  providerId?: string;
  /** What we gave Orange as callbackData when subscribing (or sending). */
  callbackData?: string;
  /** The recipient, E.164 (+221…), "tel:" taken off, when the receipt names it. */
  address?: string;
  status: DeliveryStatus;
  /** The provider's own word for it: DeliveredToTerminal, DeliveryImpossible, failed… */
  providerStatus: string;
  /** The provider's explanation of a failure, when it gives one. */
  error?: string;
}

export interface InboundSms {
  /** The sender, E.164 (+221…), "tel:" taken off. */
  from: string;
  text: string;
  /** Our number it was sent to, when given. */
  to?: string;
  /** Orange's id of the message, when given. */
  messageId?: string;
}

/** A parsed callback body, or why not in French and the field at fault (dotted path) when one is. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; field?: string };

const invalid = (error: string, field?: string): { ok: false; error: string; field?: string } =>
  field ? { ok: false, error, field } : { ok: false, error };

const STATUSES: Record<string, DeliveryStatus> = {
  DeliveredToTerminal: "delivered",
  DeliveryImpossible: "failed",
  DeliveredToNetwork: "pending",
  MessageWaiting: "pending",
  // Orange may not know more later; it stays "pending" until a person or a later receipt decides.
  DeliveryUncertain: "pending",
};

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The body as an object: already parsed JSON, or its text. */
export function bodyOf(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === "string") {
    try {
      return record(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (body instanceof Uint8Array) return bodyOf(Buffer.from(body).toString("utf8"));
  return record(body);
}

/** "tel:+221771234567" → "+221771234567"; undefined when it is not a phone number. */
function phone(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const number = value.trim().replace(/^tel:/i, "");
  return /^\+?\d{6,15}$/.test(number) ? (number.startsWith("+") ? number : `+${number}`) : undefined;
}

function lastSegment(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  const segment = url.split(/[?#]/)[0]?.replace(/\/+$/, "").split("/").pop();
  return segment || undefined;
}

export function parseOrangeDeliveryReceipt(body: unknown): Parsed<DeliveryReceipt> {
  const root = bodyOf(body);
  if (!root) return invalid("Accusé de réception illisible : un objet JSON est attendu");
  const notification = record(root.deliveryInfoNotification);
  if (!notification) {
    return invalid("Accusé de réception sans « deliveryInfoNotification »", "deliveryInfoNotification");
  }
  const info = record(notification.deliveryInfo);
  if (!info) return invalid("Accusé de réception sans « deliveryInfo »", "deliveryInfoNotification.deliveryInfo");
  const address = phone(info.address);
  if (!address) {
    return invalid(
      "Accusé de réception : adresse du destinataire absente ou invalide",
      "deliveryInfoNotification.deliveryInfo.address",
    );
  }
  const providerStatus = info.deliveryStatus;
  const statusField = "deliveryInfoNotification.deliveryInfo.deliveryStatus";
  if (typeof providerStatus !== "string")
    return invalid("Accusé de réception sans statut (deliveryStatus)", statusField);
  const status = STATUSES[providerStatus];
  if (!status) return invalid(`Accusé de réception : statut inconnu « ${providerStatus.slice(0, 50)} »`, statusField);
  const receipt: DeliveryReceipt = { address, status, providerStatus };
  const providerId = lastSegment(notification.resourceURL) ?? lastSegment(info.resourceURL);
  if (providerId) receipt.providerId = providerId;
  if (typeof notification.callbackData === "string" && notification.callbackData !== "") {
    receipt.callbackData = notification.callbackData;
  }
  return { ok: true, value: receipt };
}

export function parseOrangeInbound(body: unknown): Parsed<InboundSms> {
  const root = bodyOf(body);
  if (!root) return invalid("Message reçu illisible : un objet JSON est attendu");
  const notification = record(root.inboundSMSMessageNotification);
  const message = record(notification?.inboundSMSMessage);
  const path = "inboundSMSMessageNotification.inboundSMSMessage";
  if (!message) return invalid(`Message reçu sans « ${path} »`, path);
  const from = phone(message.senderAddress);
  if (!from) return invalid("Message reçu : numéro de l'expéditeur absent ou invalide", `${path}.senderAddress`);
  if (typeof message.message !== "string") return invalid("Message reçu sans texte (message)", `${path}.message`);
  const inbound: InboundSms = { from, text: message.message };
  const to = phone(message.destinationAddress);
  if (to) inbound.to = to;
  if (typeof message.messageId === "string" && message.messageId !== "") inbound.messageId = message.messageId;
  return { ok: true, value: inbound };
}

import { parsePhone } from "../../people/phones.ts";
import { bodyOf, type DeliveryReceipt, type DeliveryStatus, type InboundSms, type Parsed } from "./delivery-receipt.ts";
import { excerpt } from "./http.ts";

/**
 * What a generic gateway (SMS_PROVIDER=http) posts back to us, in a simple JSON format of our own
 * (docs/SMS.md): delivery receipts `{"id", "status", "error"?}` and replies `{"from", "text", "id"?, "to"?}`.
 * Nothing here throws; a malformed body is an error result in French naming the field.
 */

const STATUSES: Record<string, DeliveryStatus> = {
  delivered: "delivered",
  failed: "failed",
  undelivered: "failed",
  rejected: "failed",
  expired: "failed",
  // Left the gateway, not yet on the phone: a later receipt decides.
  sent: "pending",
  pending: "pending",
  queued: "pending",
  accepted: "pending",
};

/** The keys a gateway may name its message id by (the same as in its answer to a send). */
const ID_KEYS = ["id", "messageId", "message_id"] as const;

const invalid = (error: string, field: string) => ({ ok: false as const, error, field });

function idOf(root: Record<string, unknown>): string | undefined {
  for (const key of ID_KEYS) {
    const value = root[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/**
 * A phone number as a gateway writes it ("+221771234567", "221771234567", "tel:+221…", "77 123 45 67")
 * to E.164 with the phone library the records use, so a reply finds the records with that number.
 */
export function gatewayPhone(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim().replace(/^tel:/i, "");
  const parsed = parsePhone(text);
  if (parsed.ok) return parsed.e164;
  // International digits without the « + » (many gateways write them so).
  if (/^[1-9]\d{9,14}$/.test(text)) {
    const international = parsePhone(`+${text}`);
    if (international.ok) return international.e164;
  }
  return undefined;
}

export function parseHttpDeliveryReceipt(body: unknown): Parsed<DeliveryReceipt> {
  const root = bodyOf(body);
  if (!root) return { ok: false, error: "Accusé de réception illisible : un objet JSON est attendu" };
  const providerId = idOf(root);
  if (!providerId) return invalid("Accusé de réception sans identifiant du message (id)", "id");
  const providerStatus = root.status;
  if (typeof providerStatus !== "string" || providerStatus.trim() === "") {
    return invalid("Accusé de réception sans statut (status)", "status");
  }
  const status = STATUSES[providerStatus.trim().toLowerCase()];
  if (!status) {
    return invalid(
      `Accusé de réception : statut inconnu « ${excerpt(providerStatus, 50)} » (delivered, failed, pending… attendu)`,
      "status",
    );
  }
  if (root.error !== undefined && root.error !== null && typeof root.error !== "string") {
    return invalid("Accusé de réception : l'erreur (error) doit être un texte", "error");
  }
  const receipt: DeliveryReceipt = { providerId, status, providerStatus: providerStatus.trim() };
  const error = excerpt(root.error ?? undefined);
  if (error) receipt.error = error;
  return { ok: true, value: receipt };
}

export function parseHttpInbound(body: unknown): Parsed<InboundSms> {
  const root = bodyOf(body);
  if (!root) return { ok: false, error: "Message reçu illisible : un objet JSON est attendu" };
  if (root.from === undefined || root.from === null || root.from === "") {
    return invalid("Message reçu sans numéro de l'expéditeur (from)", "from");
  }
  const from = gatewayPhone(root.from);
  if (!from) return invalid("Message reçu : numéro de l'expéditeur (from) invalide", "from");
  if (typeof root.text !== "string") return invalid("Message reçu sans texte (text)", "text");
  const inbound: InboundSms = { from, text: root.text };
  if (root.to !== undefined && root.to !== null && root.to !== "") {
    const to = gatewayPhone(root.to);
    if (!to) return invalid("Message reçu : numéro du destinataire (to) invalide", "to");
    inbound.to = to;
  }
  const messageId = idOf(root);
  if (messageId) inbound.messageId = messageId;
  return { ok: true, value: inbound };
}

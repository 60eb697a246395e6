import {
  bodyOf,
  type DeliveryReceipt,
  type InboundSms,
  type Parsed,
  parseOrangeDeliveryReceipt,
  parseOrangeInbound,
} from "./delivery-receipt.ts";
import { parseHttpDeliveryReceipt, parseHttpInbound } from "./http-callbacks.ts";
import type { SmsProvider } from "./provider.ts";

/**
 * Which format a callback body is in: Orange's (its notification's root key) or the generic gateway's
 * simple JSON (one of its own keys); a body of neither shape is read in the configured provider's format,
 * so its error names the field that format expects.
 */
function isOrange(provider: SmsProvider["name"], body: unknown, orangeKey: string, simpleKey: string): boolean {
  const root = bodyOf(body);
  if (root && orangeKey in root) return true;
  if (root && simpleKey in root) return false;
  return provider === "orange";
}

/** A delivery receipt, in Orange's format or the gateway's `{"id", "status", "error"?}`. */
export function parseDeliveryCallback(provider: SmsProvider["name"], body: unknown): Parsed<DeliveryReceipt> {
  return isOrange(provider, body, "deliveryInfoNotification", "status")
    ? parseOrangeDeliveryReceipt(body)
    : parseHttpDeliveryReceipt(body);
}

/** A message received, in Orange's format or the gateway's `{"from", "text", "id"?, "to"?}`. */
export function parseInboundCallback(provider: SmsProvider["name"], body: unknown): Parsed<InboundSms> {
  return isOrange(provider, body, "inboundSMSMessageNotification", "from")
    ? parseOrangeInbound(body)
    : parseHttpInbound(body);
}

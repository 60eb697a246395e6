import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret for a cookie or an API key (256 bits, URL-safe). */
export function generateToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** High-entropy tokens need no slow hash: SHA-256 is what is stored and looked up. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

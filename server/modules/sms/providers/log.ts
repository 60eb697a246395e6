import type { SmsProvider } from "./provider.ts";

/** The provider while none is configured: every message counts as sent, and nothing leaves the machine. */
export function createLogProvider(): SmsProvider {
  return {
    name: "log",
    simulated: true,
    async send(message) {
      return { kind: "sent", providerId: `simule-${message.reference}` };
    },
  };
}

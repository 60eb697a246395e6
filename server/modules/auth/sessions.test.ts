import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/app.ts";

const t = setupTestApp();

describe("maximum session length", () => {
  it("ends at the maximum session length to the millisecond, even when cached", async () => {
    const { signIn, clock, services } = t.current;
    const max = services.config.sessionMaxHours * 3_600_000;
    const step = (services.config.sessionIdleMinutes - 1) * 60_000;
    const client = await signIn("viewer");
    let elapsed = 0;
    // Kept active all along, up to one second before the maximum length.
    while (elapsed + step < max - 1_000) {
      clock.advance(step);
      elapsed += step;
      expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(200);
    }
    clock.advance(max - 1_000 - elapsed);
    expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(200);
    expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(200);
    clock.advance(1_000);
    expect((await client.request("GET", "/api/auth/me")).statusCode).toBe(401);
  });
});

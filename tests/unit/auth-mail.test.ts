import { describe, expect, it } from "vitest";
import { assertMailConfigured, devMailboxEnabled, mailMode } from "../../app/lib/mail.server";

describe("mail configuration", () => {
  it("uses SMTP when SMTP_URL is set, the dev mailbox in demo or development mode", () => {
    expect(mailMode({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example.se:587" })).toBe("smtp");
    expect(mailMode({ NODE_ENV: "production", DEMO_MODE: "1" })).toBe("devMailbox");
    expect(mailMode({ NODE_ENV: "development" })).toBe("devMailbox");
    expect(mailMode({ NODE_ENV: "production", DEMO_MODE: "0" })).toBeNull();
  });

  it("refuses to start in production with neither SMTP nor demo mode, with a clear message", () => {
    expect(() => assertMailConfigured({ NODE_ENV: "production", DEMO_MODE: "0" })).toThrow(/SMTP_URL/);
    expect(() => assertMailConfigured({ DEMO_MODE: "0" })).toThrow(/Mail is not configured/);
    expect(() => assertMailConfigured({ NODE_ENV: "production", DEMO_MODE: "1" })).not.toThrow();
    expect(() => assertMailConfigured({ NODE_ENV: "production", SMTP_URL: "smtp://x" })).not.toThrow();
  });

  it("shows the dev mailbox only in demo mode", () => {
    expect(devMailboxEnabled({ DEMO_MODE: "1" })).toBe(true);
    expect(devMailboxEnabled({ DEMO_MODE: "0", NODE_ENV: "development" })).toBe(false);
  });
});

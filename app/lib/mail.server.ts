import nodemailer, { type Transporter } from "nodemailer";
import type { DB } from "../../db/client";
import { insertDevMail, selectDevMail } from "./mailbox.repo.server";

export type Mail = { to: string; subject: string; text: string };
export type MailMode = "smtp" | "devMailbox";
type Env = Record<string, string | undefined>;

const demoMode = (env: Env) => env.DEMO_MODE === "1" || env.DEMO_MODE === "true";
const production = (env: Env) => (env.NODE_ENV ?? "production") === "production";

/** Where mail goes: SMTP when SMTP_URL is set, else the dev mailbox (demo/dev only), else nowhere. */
export function mailMode(env: Env = process.env): MailMode | null {
  if (env.SMTP_URL) return "smtp";
  if (demoMode(env) || !production(env)) return "devMailbox";
  return null;
}

/**
 * Start-up check (server.ts): in production without SMTP_URL and without demo mode no invitation,
 * confirmation or reset mail could ever arrive, so refuse to start with a clear message.
 */
export function assertMailConfigured(env: Env = process.env): void {
  if (mailMode(env)) return;
  throw new Error(
    "Mail is not configured: set SMTP_URL (for example smtp://user:pass@smtp.example.se:587) so invitations, " +
      "sign-up confirmations and password resets can be sent. Without SMTP, only demo mode (DEMO_MODE=1) or " +
      "NODE_ENV=development may run; they keep mail in the dev mailbox at /dev/mailbox.",
  );
}

/** The dev mailbox page exists only in demo mode. */
export const devMailboxEnabled = (env: Env = process.env) => demoMode(env);

let transport: { url: string; t: Transporter } | null = null;
function smtp(url: string): Transporter {
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url) };
  return transport.t;
}

/** Sends one plain-text mail (SMTP) or stores it in the dev mailbox. */
export async function sendMail(db: DB, mail: Mail, env: Env = process.env): Promise<void> {
  const mode = mailMode(env);
  if (mode === "smtp") {
    await smtp(env.SMTP_URL!).sendMail({ from: env.MAIL_FROM || "Allmänning <noreply@allmanning.invalid>", ...mail });
    return;
  }
  if (mode === "devMailbox") {
    await insertDevMail(db, mail);
    return;
  }
  throw new Error("Mail is not configured (SMTP_URL)");
}

/** Demo and development: keeps one mail in the dev mailbox instead of sending it (app/mail's transport too). */
export const storeDevMail = (db: DB, mail: Mail) => insertDevMail(db, mail);

/** Demo mode: the newest messages in the dev mailbox, optionally for one address. */
export const listDevMailbox = (db: DB, to?: string) => selectDevMail(db, to);

/** The public base URL for links in mail. */
export function appBaseUrl(env: Env = process.env): string {
  return (env.APP_URL || `http://${env.HOST || "127.0.0.1"}:${env.PORT || "3000"}`).replace(/\/$/, "");
}

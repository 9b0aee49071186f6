import nodemailer, { type Transporter } from "nodemailer";
import type { DB } from "../../db/client";
import { appBaseUrl, mailMode, storeDevMail } from "../lib/mail.server";
import { mailTokenSecret } from "./token.server";

type Env = Record<string, string | undefined>;

/** Where and how mail goes; tests pass their own (their SMTP server, the app's URL). */
export type MailConfig = { smtpUrl: string | null; from: string; baseUrl: string; secret: string; unsubscribeMailto: string | null; devMailbox: boolean };

export function mailConfig(env: Env = process.env): MailConfig {
  return {
    smtpUrl: env.SMTP_URL || null,
    from: env.MAIL_FROM || "Allmänning <noreply@allmanning.invalid>",
    baseUrl: appBaseUrl(env),
    secret: mailTokenSecret(env),
    unsubscribeMailto: env.MAIL_UNSUBSCRIBE_MAILTO || null,
    devMailbox: mailMode(env) === "devMailbox",
  };
}

export type OutgoingMail = { to: string; subject: string; text: string; html: string; headers: Record<string, string> };

/** A refusal that retrying cannot change (the server said 5xx: no such mailbox, rejected). */
export class PermanentMailError extends Error {}

const transports = new Map<string, Transporter>();
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    // Short timeouts: a server that is down fails the attempt quickly, and the job retries later.
    t = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
    transports.set(url, t);
  }
  return t;
}

/**
 * Hands one mail to SMTP (or, in demo/dev without SMTP, the dev mailbox). A 5xx answer becomes
 * PermanentMailError; anything else (connection refused, timeouts, 4xx) is thrown as is, so the
 * job is retried with backoff.
 */
export async function deliver(db: DB, cfg: MailConfig, mail: OutgoingMail): Promise<void> {
  if (!cfg.smtpUrl) {
    if (!cfg.devMailbox) throw new Error("Mail is not configured (SMTP_URL)");
    await storeDevMail(db, { to: mail.to, subject: mail.subject, text: mail.text });
    return;
  }
  try {
    await transport(cfg.smtpUrl).sendMail({ from: cfg.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
  } catch (e) {
    const code = Number((e as { responseCode?: unknown }).responseCode);
    if (code >= 500 && code < 600) throw new PermanentMailError(`${code} ${(e as Error).message}`);
    throw e;
  }
}

// Sending e-mail through SMTP_URL, the one way Duotrack mails anyone (alerts, invitations,
// password resets): nodemailer, connected through the outbound guard (no private address unless
// OUTBOUND_ALLOW_ADDRESSES lets it through).
import nodemailer from 'nodemailer';
import type { Outbound } from './outbound.js';

export interface Mail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** Sends one e-mail; rejects with the SMTP server's or the guard's reason. */
export type SendMail = (mail: Mail) => Promise<void>;

/** A sender through `smtpUrl`; null without one (no e-mail is sent). */
export function createMailer(smtpUrl: string | null, outbound: Pick<Outbound, 'smtpSocket'>): SendMail | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport({ url: smtpUrl, getSocket: outbound.smtpSocket });
  return async (mail) => {
    await transport.sendMail({ from: mail.from, to: [...mail.to], subject: mail.subject, text: mail.text });
  };
}

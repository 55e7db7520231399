// The e-mails of accounts: an invitation and a password reset, each with its one-time link, in
// English then French (the invitee has not chosen a language yet). Links point at the web app:
// on APP_HOST (https) when it is set, else at the origin the request came to.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { createMailer, type Mail, type SendMail } from '../delivery/mail.js';
import { createOutbound } from '../delivery/outbound.js';

/** The web app's origin for links in e-mails. */
export function appOrigin(config: Pick<Config, 'appHost'>, request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  return config.appHost ? `https://${config.appHost}` : `${request.protocol}://${request.host}`;
}

export const invitationLink = (origin: string, token: string) => `${origin}/app/invite/${token}`;
export const resetLink = (origin: string, token: string) => `${origin}/app/reset/${token}`;

/** The sender of account e-mails; null without SMTP_URL. */
export function accountMailer(config: Pick<Config, 'smtpUrl' | 'outboundAllow' | 'outboundCa'>): SendMail | null {
  return createMailer(config.smtpUrl, createOutbound(config.outboundAllow, config.outboundCa));
}

export function invitationMail(from: string, to: string, link: string, clientName: string | null): Mail {
  const where = clientName ?? 'Duotrack';
  return {
    from,
    to: [to],
    subject: `Invitation to ${where} on Duotrack / Invitation à ${where} sur Duotrack`,
    text: [
      `You are invited to ${where} on Duotrack. Open this link within 7 days to choose your password:`,
      link,
      '',
      `Vous êtes invité·e à ${where} sur Duotrack. Ouvrez ce lien dans les 7 jours pour choisir votre mot de passe :`,
      link,
      '',
      'The link works once. / Le lien ne sert qu’une fois.',
    ].join('\n'),
  };
}

export function resetMail(from: string, to: string, link: string): Mail {
  return {
    from,
    to: [to],
    subject: 'Reset your Duotrack password / Réinitialiser votre mot de passe Duotrack',
    text: [
      'Someone asked to reset the password of your Duotrack account. Open this link within one hour to choose a new one:',
      link,
      'If it was not you, ignore this e-mail: your password stays as it is.',
      '',
      'Quelqu’un a demandé à réinitialiser le mot de passe de votre compte Duotrack. Ouvrez ce lien dans l’heure pour en choisir un nouveau :',
      link,
      'Si ce n’était pas vous, ignorez cet e-mail : votre mot de passe ne change pas.',
    ].join('\n'),
  };
}

// Security headers of every answer, for those that bring none of their own (the API's JSON, health
// checks, the beacon, redirects): nothing may run or load, nothing may frame it, and no browser may
// sniff a type other than the declared one. Pages with content (smartlinks, the web app, the API
// docs) set their own policy, which this leaves alone.
import type { onSendHookHandler } from 'fastify';

export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export const addDefaultSecurityHeaders: onSendHookHandler = (_request, reply, payload, done) => {
  for (const [name, value] of Object.entries(DEFAULT_SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  done(null, payload);
};

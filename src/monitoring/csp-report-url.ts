// Where a client's pages send their CSP violation reports: /csp-report?c=<client id>.<signature>,
// the signature an HMAC of the client id with SECRET (like the view token), so that nobody can
// add reports to another client's counts without having been served one of its pages.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CSP_REPORT_PATH = '/csp-report';

export interface CspReportUrls {
  /** The report path of a client's pages. */
  path(clientId: string): string;
  /** The client id of a valid `c` parameter; else null. */
  verify(token: string): string | null;
}

const CLIENT_ID = /^[0-9a-zA-Z-]{1,64}$/;

export function createCspReportUrls(secret: string): CspReportUrls {
  const signature = (clientId: string) => createHmac('sha256', secret).update(`csp-report|${clientId}`).digest('base64url').slice(0, 22);
  return {
    path: (clientId) => `${CSP_REPORT_PATH}?c=${clientId}.${signature(clientId)}`,
    verify(token) {
      const [clientId, sig, ...rest] = token.split('.');
      if (rest.length > 0 || !clientId || !sig || !CLIENT_ID.test(clientId)) return null;
      const expected = Buffer.from(signature(clientId));
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected) ? clientId : null;
    },
  };
}

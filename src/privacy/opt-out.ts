// A fan's opt-out of audience measurement: the first-party cookie the privacy page sets, or the
// browser's Global Privacy Control signal (Sec-GPC: 1), honoured unless the client turned it off.
// An opted-out fan is still counted, anonymously: no IP prefix, no city, no visitor or session id,
// and the page loads none of the client's tags.
import type { IncomingHttpHeaders } from 'node:http';
import type { OptOut } from '../tracking/event.js';

export const OPT_OUT_COOKIE = 'dt_optout';

export function optOutOf(headers: IncomingHttpHeaders, honorGpc: boolean): OptOut | null {
  const cookie = headers.cookie;
  if (cookie && new RegExp(`(?:^|;\\s*)${OPT_OUT_COOKIE}=1(?:;|$)`).test(cookie)) return 'cookie';
  if (honorGpc && headers['sec-gpc'] === '1') return 'gpc';
  return null;
}

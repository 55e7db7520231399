// The http bench's fan mix: what a fan's browser sends, as one autocannon request sequence that
// each connection loops over (each step is sent once the previous one is answered).
//   1. GET /demo from a new address (a new fan)                                  → a view
//   2. POST /e: the page script's beacon for that view, with the page's view token → a confirmation
//   3. for TAP_SHARE of fans, GET /demo/<service>?v=<token>&n=0: a tap on one of
//      the services the page shows, the link as the page script follows it        → a click
//   4. POST /e: the tap's beacon                                                  → a confirmation
// The beacons say what the page script would: each tag the page configures loaded, the consent
// state the page was served with (src/landing/browser-engine.ts, src/tracking/beacon.ts).
import type autocannon from 'autocannon';

/** Share of fans who tap a service after viewing the page. */
export const TAP_SHARE = 0.45;

/** An iPhone in Instagram's in-app browser, in French: where most fans of a smartlink come from. */
export const FAN_HEADERS = {
  'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,2; iOS 17_5; en_US; en; scale=3.00; 1179x2556; 606375155)',
  'accept-language': 'fr-FR,fr;q=0.9',
};

/** Tracked requests sent, by the event each stores, and the mix's answers (for fans/s). */
export interface Tally {
  views: number;
  clicks: number;
  confirmations: number;
  /** Fan mix: page views answered, and answers of any step. */
  viewsAnswered: number;
  answered: number;
}

/** A random public-looking IPv4 address, so GeoIP and the visitor hash see many fans. */
export function randomIp(): string {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return `${[81, 92, 216, 89, 2][Math.floor(Math.random() * 5)]}.${octet()}.${octet()}.${octet()}`;
}

type TagState = 'loaded' | 'not_configured';

/** What the page script of one served page knows. */
interface Page {
  readonly v: string;
  readonly slug: string;
  readonly services: readonly string[];
  readonly tags: Readonly<Record<'gtm' | 'ga4' | 'meta' | 'tiktok', TagState>>;
  readonly consent: 'granted' | 'denied' | 'pending' | 'not_required';
}

/** One fan, the context autocannon keeps per connection and resets at each loop. */
interface Fan {
  ip?: string;
  page?: Page;
  service?: string;
}

/** The JSON the page wrote into `<script type="application/json" id="…">`. */
function jsonBlock<T>(html: string, id: string): T {
  const start = html.indexOf(`id="${id}">`) + id.length + 6;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start))) as T;
}

function readPage(html: string): Page {
  const page = jsonBlock<{ slug: string; tags: Record<'gtm' | 'ga4' | 'facebook' | 'tiktok', string | null> }>(html, 'dt-page');
  const view = jsonBlock<{ v: string; opt_out: boolean; consent: { required: boolean; choice: 'granted' | 'denied' | null } }>(html, 'dt-view');
  const state = (id: string | null): TagState => (id && !view.opt_out ? 'loaded' : 'not_configured');
  return {
    v: view.v,
    slug: page.slug,
    services: [...html.matchAll(/data-service="([^"]+)"/g)].map((m) => m[1] as string),
    tags: { gtm: state(page.tags.gtm), ga4: state(page.tags.ga4), meta: state(page.tags.facebook), tiktok: state(page.tags.tiktok) },
    consent: view.consent.required ? (view.consent.choice ?? 'pending') : 'not_required',
  };
}

/** A step that may end the fan's sequence: autocannon starts again from the first request on a falsy return (its types omit it). */
const step = (setup: (req: autocannon.Request, fan: Fan) => autocannon.Request | null) => setup as (req: autocannon.Request, context: object) => autocannon.Request;

function beacon(tally: Tally, kind: 'view' | 'click') {
  return step((req, { ip, page, service }) => {
    if (!ip || !page || (kind === 'click' && !service)) return null;
    tally.confirmations++;
    const body = JSON.stringify({ v: page.v, s: page.slug, kind, service, tap: kind === 'click' ? 0 : undefined, tags: page.tags, consent: page.consent });
    return { ...req, method: 'POST', path: '/e', body, headers: { ...req.headers, 'content-type': 'application/json', 'x-forwarded-for': ip } };
  });
}

export function fanMix(tally: Tally): autocannon.Request[] {
  const answered = () => void tally.answered++;
  return [
    {
      path: '/demo',
      setupRequest: step((req, fan) => {
        fan.ip = randomIp();
        tally.views++;
        return { ...req, headers: { ...req.headers, 'x-forwarded-for': fan.ip } };
      }),
      onResponse: (status, body, fan: Fan) => {
        tally.answered++;
        tally.viewsAnswered++;
        if (status === 200) fan.page = readPage(body);
      },
    },
    { setupRequest: beacon(tally, 'view'), onResponse: answered },
    {
      setupRequest: step((req, fan) => {
        const { ip, page } = fan;
        if (!ip || !page || page.services.length === 0 || Math.random() >= TAP_SHARE) return null;
        fan.service = page.services[Math.floor(Math.random() * page.services.length)];
        tally.clicks++;
        return { ...req, path: `/${page.slug}/${fan.service}?v=${encodeURIComponent(page.v)}&n=0`, headers: { ...req.headers, 'x-forwarded-for': ip } };
      }),
      onResponse: answered,
    },
    { setupRequest: beacon(tally, 'click'), onResponse: answered },
  ];
}

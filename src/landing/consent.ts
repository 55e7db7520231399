// Who is asked for consent before the ad tags run: visitors located (GeoIP) in the client's
// consent regions, on pages that carry at least one tag. Engine 1 needs no consent (cookieless,
// anonymous audience measurement); the tags do. The choice lives in a first-party cookie.
import { html, type Html } from './html.js';
import type { Messages } from './messages.js';

/** The European Economic Area: the EU 27, Iceland, Liechtenstein and Norway. */
export const EEA: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
]);

/** 13 months, the CNIL's ceiling for a consent choice. */
export const CONSENT_MAX_AGE_SECONDS = 395 * 86_400;

export type ConsentChoice = 'granted' | 'denied';

/** Regions are ISO country codes, or "EEA". An unknown location is asked, to be safe. */
export function inConsentRegion(regions: readonly string[], country: string | null): boolean {
  if (regions.length === 0) return false;
  if (country === null) return true;
  return regions.includes(country) || (regions.includes('EEA') && EEA.has(country));
}

export function storedChoice(cookieHeader: string | undefined): ConsentChoice | null {
  const match = cookieHeader ? /(?:^|;\s*)dt_consent=(granted|denied)(?:;|$)/.exec(cookieHeader) : null;
  return (match?.[1] as ConsentChoice | undefined) ?? null;
}

/**
 * The banner: hidden in the HTML, shown by the page script only when needed (so a browser without
 * JavaScript, where no tag can run, never sees it). Two buttons of equal weight.
 */
export function consentBanner(m: Messages): Html {
  return html`<div id="dt-consent" class="consent" role="dialog" aria-labelledby="dt-consent-title" aria-describedby="dt-consent-text" hidden>
<p id="dt-consent-title"><strong>${m.consentTitle}</strong></p><p id="dt-consent-text">${m.consentText}</p>
<div class="consent-actions"><button type="button" data-consent="denied">${m.refuse}</button><button type="button" data-consent="granted">${m.accept}</button></div>
</div>`;
}

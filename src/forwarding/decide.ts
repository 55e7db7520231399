// Whether a due delivery is sent, from the event as it now is. Pure: the destinations load the
// rows, this decides. Consent: the page's banner grants or denies every purpose at once, so the
// fan's "granted" is both ad_user_data (Meta, TikTok) and analytics_storage (GA4).
import type { ForwardPayload } from './payload.js';
import type { Platform } from './settings.js';

export interface EventState {
  readonly excludedReason: string | null;
  readonly optOut: string | null;
  readonly consent: 'granted' | 'denied' | 'pending' | 'not_required' | null;
  /** The browser's report, when it confirmed the event: GA4 'loaded', 'blocked' or 'not_configured'. */
  readonly ga4Tag: string | null;
}

export type Decision = { readonly send: true } | { readonly send: false; readonly reason: string };

const SEND: Decision = { send: true };

export function decide(platform: Platform, payload: ForwardPayload, state: EventState | undefined, outsideConsentRegions: 'forward' | 'skip'): Decision {
  if (!state) return { send: false, reason: 'event no longer stored (erased or purged)' };
  if (state.optOut) return { send: false, reason: 'the fan opted out' };
  if (state.excludedReason) return { send: false, reason: `not human traffic (${state.excludedReason})` };
  const asked = payload.consentRegion && state.consent !== 'not_required';
  if (asked) {
    const choice = state.consent ?? payload.storedChoice;
    if (choice !== 'granted') return { send: false, reason: `no consent (${choice ?? 'no answer'})` };
  } else if (outsideConsentRegions === 'skip') {
    return { send: false, reason: 'outside consent regions, and this client forwards only with consent' };
  }
  if (platform === 'ga4' && state.ga4Tag === 'loaded') return { send: false, reason: 'the browser delivered it to GA4' };
  return SEND;
}

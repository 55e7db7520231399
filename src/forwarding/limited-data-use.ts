// Limited Data Use, for clients that turn it on (`forwarding.limitedDataUse`): the US state privacy
// laws' "do not sell or share", flagged on each event of a fan in a state where the platforms apply it.
//
// Meta (https://developers.facebook.com/docs/marketing-apis/data-processing-options): LDU applies to
// people in California, Colorado, Connecticut, Florida, Texas, Oregon and Montana. An event carries
// data_processing_options ['LDU'] with a country and state: 1 and 1000 name California (the only state
// Meta gives a code for); 0 and 0 ask Meta to geolocate the event itself.
// TikTok (https://business-api.tiktok.com/portal/docs?id=1770091656601602): `limited_data_use: true`
// on the event; TikTok applies it to the states its own terms list.
import { regionCode } from './us-states.js';

/** The states Meta lists for Limited Data Use (Business Tools), as ISO 3166-2 codes. */
export const LDU_STATES: readonly string[] = ['US-CA', 'US-CO', 'US-CT', 'US-FL', 'US-TX', 'US-OR', 'US-MT'];

/** Meta's location of an LDU event: a named state, or "Meta, geolocate it". */
export type LduLocation = { readonly country: 1; readonly state: 1000 } | { readonly country: 0; readonly state: 0 };

/**
 * Whether this fan's events are flagged, and with which location. A fan known to be outside the
 * listed states (another state, another country) is not; a fan Engine 1 could not place in the US
 * (no country, or no state) is, with the location left to the platform.
 */
export function limitedDataUse(enabled: boolean, country: string | null, region: string | null): LduLocation | null {
  if (!enabled || (country !== null && country !== 'US')) return null;
  const code = regionCode(country, region);
  if (code === 'US-CA') return { country: 1, state: 1000 };
  if (code !== null && !LDU_STATES.includes(code)) return null;
  return { country: 0, state: 0 };
}

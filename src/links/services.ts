// The catalogue of streaming and download services a smartlink can point to.

/**
 * What a fan does on a service, which names the button: stream it, buy it, download it (a
 * download store), or open the page (a custom service). Before the release date, Play and Buy
 * read "Pre-order" (src/landing/page.ts).
 */
export type ServiceAction = 'Play' | 'Buy' | 'Download' | 'Open';

export interface ServiceInfo {
  readonly name: string; // label on the button
  readonly action: ServiceAction;
}

export const SERVICES: Readonly<Record<string, ServiceInfo>> = {
  spotify: { name: 'Spotify', action: 'Play' },
  'apple-music': { name: 'Apple Music', action: 'Play' },
  deezer: { name: 'Deezer', action: 'Play' },
  'youtube-music': { name: 'YouTube Music', action: 'Play' },
  'amazon-music': { name: 'Amazon Music', action: 'Play' },
  tidal: { name: 'TIDAL', action: 'Play' },
  soundcloud: { name: 'SoundCloud', action: 'Play' },
  bandcamp: { name: 'Bandcamp', action: 'Buy' },
  audiomack: { name: 'Audiomack', action: 'Play' },
  boomplay: { name: 'Boomplay', action: 'Play' },
  beatport: { name: 'Beatport', action: 'Download' },
  pandora: { name: 'Pandora', action: 'Play' },
  anghami: { name: 'Anghami', action: 'Play' },
  napster: { name: 'Napster', action: 'Play' },
  qobuz: { name: 'Qobuz', action: 'Play' },
  // found by the catalogue resolver (Odesli's platforms, src/catalogue/odesli.ts)
  itunes: { name: 'iTunes Store', action: 'Buy' },
  youtube: { name: 'YouTube', action: 'Play' },
  'amazon-store': { name: 'Amazon', action: 'Buy' },
  audius: { name: 'Audius', action: 'Play' },
};

/** A service id is a catalogue key or a custom id (then the link needs a label). */
export const SERVICE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function serviceLabel(service: string, label: string | undefined): string {
  return label ?? SERVICES[service]?.name ?? service;
}

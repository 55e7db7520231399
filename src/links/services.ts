// The catalogue of streaming and download services a smartlink can point to.

export interface ServiceInfo {
  readonly name: string; // label on the button
  readonly action: 'Play' | 'Buy' | 'Open';
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
  beatport: { name: 'Beatport', action: 'Buy' },
  pandora: { name: 'Pandora', action: 'Play' },
  anghami: { name: 'Anghami', action: 'Play' },
  napster: { name: 'Napster', action: 'Play' },
  qobuz: { name: 'Qobuz', action: 'Play' },
};

/** A service id is a catalogue key or a custom id (then the link needs a label). */
export const SERVICE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function serviceLabel(service: string, label: string | undefined): string {
  return label ?? SERVICES[service]?.name ?? service;
}

// The resolver's vocabulary: what a query names, what a provider found, how sure it is, and how a
// provider that could not answer says why.

export type ProviderName = 'deezer' | 'itunes' | 'spotify' | 'odesli' | 'musicbrainz';
export const PROVIDERS: readonly ProviderName[] = ['deezer', 'itunes', 'spotify', 'odesli', 'musicbrainz'];

export const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = {
  deezer: 'Deezer',
  itunes: 'iTunes',
  spotify: 'Spotify',
  odesli: 'Odesli',
  musicbrainz: 'MusicBrainz',
};

export type ReleaseKind = 'album' | 'track';

/** How a service link was found; its confidence follows from it (see confidence.ts). */
export type Match = 'code' | 'crosslink' | 'search';

/** A service link a provider found: the facts a smartlink's button takes (src/links/smartlink.ts ServiceLink). */
export interface FoundLink {
  /** A catalogue service id (src/links/services.ts). */
  readonly service: string;
  readonly url: string;
  readonly countries?: Readonly<Record<string, string>>;
  readonly hiddenIn?: readonly string[];
  /** The service app's own URI for the release, tried on iOS (on Android the https link opens the app by intent: src/landing/app-open.ts). */
  readonly appUris?: { readonly ios?: string };
  /** Said of a link the editor should know more about (storefront links derived, not looked up). */
  readonly note?: string;
}

/** What one provider knows of the release. */
export interface Finding {
  readonly provider: ProviderName;
  readonly kind: ReleaseKind;
  readonly title: string;
  readonly artist: string;
  readonly artworkUrl: string | null;
  readonly releaseDate: string | null;
  readonly upc: string | null;
  readonly isrc: string | null;
  /** How the provider found the release: the confidence of its links and of its details. */
  readonly match: Match;
  readonly links: readonly FoundLink[];
  /** The provider's own ids, for follow-up calls (Apple's collection or track id, a Deezer id…). */
  readonly ids?: Readonly<Record<string, string>>;
}

export type ProviderState = 'ok' | 'not_found' | 'error' | 'rate_limited' | 'not_configured';

export interface ProviderStatus {
  readonly provider: ProviderName;
  readonly status: ProviderState;
  readonly message?: string;
}

/** A provider that could not answer: down, refusing, rate-limited beyond the wait bound, or not set up. */
export class ProviderFailure extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly status: 'error' | 'rate_limited' | 'not_configured',
    message: string,
  ) {
    super(message);
  }
}

/** A found link in the resolver's answer: where it came from and how sure the resolver is (the API's CatalogueService). */
export interface CatalogueService extends FoundLink {
  readonly source: ProviderName;
  readonly confidence: number;
  readonly review: boolean;
}

/** The release as the resolver answers it (the API's CatalogueRelease). */
export interface CatalogueRelease {
  readonly kind: ReleaseKind;
  readonly title: string;
  readonly artist: string;
  readonly artworkUrl: string | null;
  readonly releaseDate: string | null;
  readonly upc: string | null;
  readonly isrc: string | null;
  readonly services: readonly CatalogueService[];
  readonly missing: readonly string[];
  readonly providers: readonly ProviderStatus[];
}

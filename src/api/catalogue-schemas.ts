// The named schemas of the catalogue resolver's routes (src/api/catalogue.ts).
import { MERGE_NOTES } from '../catalogue/merge.js';
import { PROVIDERS } from '../catalogue/types.js';
import { COUNTRY_CODE_SCHEMA as COUNTRY, COUNTRY_INPUT_SCHEMA } from '../links/country.js';
import { ref } from './responses.js';
import { SERVICE_LINK, SMARTLINK } from './schemas.js';

const URL_STRING = { type: 'string', minLength: 1, maxLength: 2000 } as const;

export const CATALOGUE_QUERY = {
  $id: 'CatalogueQuery',
  type: 'object',
  description: 'What the editor pasted, and optionally which storefront countries to look up',
  required: ['query'],
  additionalProperties: false,
  properties: {
    query: { type: 'string', minLength: 1, maxLength: 2000, description: 'A release or track URL (Spotify, Apple Music, Deezer, TIDAL, YouTube Music, YouTube, Amazon Music, SoundCloud, Bandcamp), a UPC/EAN of 12 to 14 digits, or an ISRC such as USRC17607839' },
    countries: { type: 'array', minItems: 1, maxItems: 30, items: COUNTRY_INPUT_SCHEMA, description: 'Storefront countries, ISO 3166-1 alpha-2, the first the main one (default: CATALOGUE_COUNTRIES)' },
  },
  examples: [{ query: 'https://open.spotify.com/album/2Z8WuEywRWYTKe1NybPQEW' }, { query: '0602445868162', countries: ['US', 'GB', 'JP'] }],
} as const;

export const PROVIDER_STATUS = {
  $id: 'ProviderStatus',
  type: 'object',
  description: 'How one provider answered this resolve',
  required: ['provider', 'status'],
  additionalProperties: false,
  properties: {
    provider: { type: 'string', enum: [...PROVIDERS] },
    status: {
      type: 'string',
      enum: ['ok', 'not_found', 'error', 'rate_limited', 'not_configured'],
      description: 'ok: it found the release; not_found: it knows nothing of it; error: down or refusing; rate_limited: its limit would have made the request wait too long; not_configured: its credentials are not set',
    },
    message: { type: 'string', description: 'What happened, for people (when to retry, which setting is missing…)' },
  },
} as const;

export const CATALOGUE_SERVICE = {
  $id: 'CatalogueService',
  type: 'object',
  description: 'A service where the release was found: where the link came from and how sure the resolver is of it',
  required: ['service', 'url', 'source', 'confidence', 'review'],
  additionalProperties: false,
  properties: {
    service: { type: 'string', description: 'A catalogue service id (spotify, apple-music, itunes, amazon-music…)' },
    url: URL_STRING,
    countries: { type: 'object', additionalProperties: URL_STRING, description: 'ISO 3166-1 alpha-2 country code → the storefront link there' },
    hiddenIn: { type: 'array', items: COUNTRY, description: 'Countries where the release is not on this service: the page hides it there' },
    appUris: { type: 'object', additionalProperties: false, properties: { ios: { type: 'string' } }, description: "The service app's own URI for the release, tried from iOS in-app browsers (only a scheme of that service's app)" },
    source: { type: 'string', enum: [...PROVIDERS], description: 'The provider the link came from' },
    confidence: { type: 'number', minimum: 0, maximum: 1, description: MERGE_NOTES.confidence },
    review: { type: 'boolean', description: 'Confidence under 0.8: a person should confirm it (the editor marks it; a rescan does not add it)' },
    note: { type: 'string', description: 'Something to know about this link (storefront links derived rather than looked up)' },
  },
} as const;

export const CATALOGUE_RELEASE = {
  $id: 'CatalogueRelease',
  type: 'object',
  description: 'A release as the catalogues know it: its metadata, every service it was found on, and how each provider answered',
  required: ['kind', 'title', 'artist', 'artworkUrl', 'releaseDate', 'upc', 'isrc', 'services', 'missing', 'providers'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['album', 'track'] },
    title: { type: 'string' },
    artist: { type: 'string' },
    artworkUrl: { type: 'string', nullable: true },
    releaseDate: { type: 'string', nullable: true, pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    upc: { type: 'string', nullable: true },
    isrc: { type: 'string', nullable: true },
    services: { type: 'array', items: ref(CATALOGUE_SERVICE) },
    missing: { type: 'array', items: { type: 'string' }, description: 'Services every release is looked for on (spotify, apple-music, deezer, youtube-music, amazon-music, tidal) where it was not found: for review' },
    providers: { type: 'array', items: ref(PROVIDER_STATUS) },
  },
} as const;

export const RESCAN_RESULT = {
  $id: 'RescanResult',
  type: 'object',
  description: 'A rescan: the smartlink as saved, the services added to it, and those found with low confidence (not saved)',
  required: ['smartlink', 'added', 'review'],
  additionalProperties: false,
  properties: {
    smartlink: ref(SMARTLINK),
    added: { type: 'array', items: ref(SERVICE_LINK), description: 'Services found with confidence that the smartlink lacked: now on it' },
    review: { type: 'array', items: ref(CATALOGUE_SERVICE), description: 'Services found with low confidence: for a person to add or not' },
  },
} as const;

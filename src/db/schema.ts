// Table types for Kysely. One schema for SQLite and PostgreSQL: ids are text (UUIDs), times are
// epoch milliseconds (bigint, read back as numbers), flags are 0/1 integers, structured settings
// are JSON text. That keeps every query identical on both dialects.
import type { Generated, Insertable, Selectable } from 'kysely';
import type { TrackedEvent } from '../tracking/event.js';

export interface ClientsTable {
  id: string;
  name: string;
  domain: string | null; // custom domain, unique; served only once verified (domain_verifications) and while settings.allowCustomDomains
  tracking: string; // JSON Tracking
  branding: string; // JSON Branding
  settings: string; // JSON ClientSettings
  consent_regions: string; // JSON string[]: ISO countries (or "EEA") that get a consent banner
  conversion_value: number | null; // revenue credited per service click
  currency: string | null; // ISO 4217 code of that revenue (EUR, USD…); null: none named
  time_zone: string; // IANA zone the client's reports use
  privacy: string; // JSON PrivacyNotice
  created_at: number;
  archived_at: number | null; // when the agency archived it (pages 410, data kept); null: active
}

export interface SmartlinksTable {
  id: string;
  client_id: string;
  slug: string; // unique across the installation
  artist_name: string;
  track_title: string;
  artwork_url: string | null;
  release_date: string | null; // YYYY-MM-DD
  services: string; // JSON ServiceLink[], in display order
  status: 'draft' | 'live' | 'archived';
  tracking: string | null; // JSON TagOverride
  routing: string | null; // JSON Routing (src/links/routing.ts): services first per system / country; null for none
  catalogue: string | null; // JSON SmartlinkCatalogue: { upc?, isrc?, sourceUrl?, resolvedAt? } (src/catalogue/), null when filled by hand
  artwork: string | null; // JSON { id, color }: the artwork copied from artwork_url (src/artwork/), null until then
  created_at: number;
  updated_at: number;
}

export interface EventsTable
  extends Omit<TrackedEvent, 'excluded_reason' | 'channel' | 'device_type' | 'type' | 'client_consent' | 'forward'> {
  type: string;
  excluded_reason: string | null;
  channel: string;
  device_type: string;
  client_consent: string | null;
  is_unique: number; // 1 on a visitor's first view of this smartlink in the (UTC) day
}

/** One row per (daily visitor hash, smartlink): makes the unique-visitor flag exact across nodes. */
export interface VisitorDaysTable {
  visitor_id: string;
  smartlink_id: string;
  ts: number;
}

/** Daily salts for the visitor hash. A salt is deleted once its day is over. */
export interface SaltsTable {
  day: string; // YYYY-MM-DD (UTC)
  salt: string;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  role: 'master' | 'member'; // a member's clients and roles: memberships
  created_at: number;
}

/** A user's role on one client (src/auth/memberships.ts): 'client' reads and writes, 'viewer' reads. */
export interface MembershipsTable {
  user_id: string;
  client_id: string;
  role: 'client' | 'viewer';
  created_at: number;
}

/** An invitation by e-mail (src/auth/invitations.ts): pending until accepted, revoked or expired. */
export interface InvitationsTable {
  id: string;
  token_hash: string; // sha256 of the link's token
  email: string;
  client_id: string | null; // null: a master invitation
  role: 'master' | 'client' | 'viewer';
  invited_by: string; // the audit log's actor
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

/** A one-time link to set a new password (src/auth/password-resets.ts). */
export interface PasswordResetsTable {
  token_hash: string; // sha256 of the link's token
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** The sign-in throttle's keys (src/auth/login-throttle.ts): failures counted, no check before `blocked_until`. */
export interface LoginThrottleTable {
  id: string; // HMAC of the address, or of the account at the address
  failures: number;
  blocked_until: number;
  expires_at: number; // forgotten then
}

export interface SessionsTable {
  token_hash: string; // sha256 of the cookie's token
  user_id: string;
  csrf_token: string; // sent back in X-CSRF-Token on every cookie-authenticated write
  created_at: number;
  expires_at: number;
}

export interface ApiKeysTable {
  id: string;
  client_id: string | null; // null: a master key
  name: string;
  prefix: string; // first characters of the key, to recognise it in lists
  key_hash: string; // sha256 of the whole key
  read_only: number;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: string;
  ts: number;
  actor: string;
  client_id: string | null;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
}

export interface AlertsTable {
  id: string;
  rule: string;
  scope: string;
  state: 'open' | 'resolved';
  opened_at: number;
  resolved_at: number | null;
  message: string;
  details: string | null;
  read_at: number | null;
}

/** Counts per client × smartlink ('*': all of the client's) × local hour × dimension value. */
export interface RollupsTable {
  client_id: string;
  smartlink_id: string;
  dim: string; // '' for the totals
  bucket: number; // start of the hour in the client's time zone, epoch ms
  value: string; // '' when unknown / none
  views: number; // human views
  uniques: number; // human views that were their visitor's first of the smartlink that (UTC) day
  clicks: number; // human clicks
  revenue: number; // the human clicks' conversion value
  confirmed_views: number; // human views the browser confirmed
  browser_views: number; // browser confirmations of views (by the confirmation's time)
  browser_views_stored: number; // views of any kind the browser confirmed (by the view's time)
}

/** A client whose rollups are being rebuilt from its events (rollup-folder.ts): folded up to (after_ts, after_event_id). */
export interface RollupRebuildsTable {
  client_id: string;
  after_ts: number;
  after_event_id: string;
}

/** The durable delivery queue (src/delivery/queue.ts). */
export interface DeliveriesTable {
  id: string; // `${destination}:${key}`
  client_id: string;
  destination: string;
  payload: string; // JSON
  state: 'pending' | 'sent' | 'dead' | 'skipped'; // skipped: the destination found nothing to send (no consent, already delivered by the browser…)
  attempts: Generated<number>;
  next_attempt_at: number;
  leased_until: number | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

/** A client's server-side forwarding settings (src/forwarding/settings.ts); credentials encrypted. */
export interface ClientForwardingTable {
  client_id: string;
  settings: string; // JSON StoredForwarding
  updated_at: number;
}

export type TrackingMode = 'legacy' | 'dual' | 'duotrack';

/** A client's migration from a legacy system (src/migration/). No row: `duotrack`, no mirror. */
export interface ClientMigrationsTable {
  client_id: string;
  mode: TrackingMode;
  previous_mode: TrackingMode | null;
  switched_at: number | null;
  mirror_url: string | null;
  mirror_secret: string | null; // encrypted
  mirror_enabled: number; // 0/1
  updated_at: number;
}

/** Counts imported from the legacy system, per client × smartlink × local day or hour. */
export interface LegacyCountsTable {
  client_id: string;
  smartlink_id: string;
  granularity: 'day' | 'hour';
  period_start: number;
  views: number;
  clicks: number;
  uniques: number | null;
  imported_at: number;
}

/** CSP violation reports per client, blocked host and ten minutes (src/monitoring/csp-reports.ts). */
export interface CspReportsTable {
  client_id: string;
  host: string; // the blocked resource's host, or 'inline' / 'eval'
  bucket: number; // start of its ten minutes, epoch ms
  reports: number;
}

export interface ImportLeasesTable {
  client_key: string; // the client's id, or '' for an agency-wide import
  node: string; // the app node running the import
  expires_at: number; // epoch ms; renewed while the import runs, free to take over once passed
}

/** A client's custom domain verification (src/tenants/domain-verification.ts). */
export interface DomainVerificationsTable {
  client_id: string; // one row per client
  domain: string; // the domain this row verifies: counts only while it is the client's domain
  token: string; // in the TXT record (_duotrack.<domain>) and the HTTP path (/.well-known/duotrack-verify/<token>)
  created_at: number;
  verified_at: number | null;
  method: 'dns' | 'http' | 'grandfathered' | null; // how it was verified ('grandfathered': set before verification existed, migration 0016)
  checked_at: number | null; // the last check, successful or not
  failure: string | null; // what the last failed check looked up and found
}

/** A distinct artwork image copied by Duotrack (src/artwork/store.ts). */
export interface ArtworksTable {
  id: string; // hash of the source image's bytes
  color: string; // dominant colour, #rrggbb
  created_at: number;
  client_id: string | null; // the client whose save stored it first (the daily cap counts these); null: the demo, or stored before 0020
  unused_since: number | null; // when the cleanup first found no smartlink using it (deleted a grace period later); null: in use
}

/** A smartlink's artwork source given up on (src/artwork/awaiting.ts): the sweep skips it until the smartlink is saved again. */
export interface ArtworkFailuresTable {
  smartlink_id: string;
  source_url: string; // the artworkUrl that failed: another URL is tried
  reason: string; // e.g. "an SVG file: …", "HTTP 404 after 5 attempts"
  failed_at: number;
  attempts: number; // times this source was given up on (a save tries it once more)
}

/** One encoded size or format of an artwork, served at /art/<artwork_id>/<variant>. */
export interface ArtworkVariantsTable {
  artwork_id: string;
  variant: string; // e.g. 320.webp, og.jpg
  content_type: string;
  bytes: Buffer;
  created_at: number;
}

export interface Schema {
  clients: ClientsTable;
  smartlinks: SmartlinksTable;
  events: EventsTable;
  visitor_days: VisitorDaysTable;
  salts: SaltsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  login_throttle: LoginThrottleTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  sessions: SessionsTable;
  alerts: AlertsTable;
  rollups: RollupsTable;
  rollup_rebuilds: RollupRebuildsTable;
  rollups_daily: RollupsTable; // the same rows per local day (bucket: the day's start)
  deliveries: DeliveriesTable;
  client_forwarding: ClientForwardingTable;
  client_migrations: ClientMigrationsTable;
  legacy_counts: LegacyCountsTable;
  csp_reports: CspReportsTable;
  import_leases: ImportLeasesTable;
  domain_verifications: DomainVerificationsTable;
  artworks: ArtworksTable;
  artwork_variants: ArtworkVariantsTable;
  artwork_failures: ArtworkFailuresTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;

// Table types for Kysely. One schema for SQLite and PostgreSQL: ids are text (UUIDs), times are
// epoch milliseconds (bigint, read back as numbers), flags are 0/1 integers, structured settings
// are JSON text. That keeps every query identical on both dialects.
import type { Generated, Insertable, Selectable } from 'kysely';
import type { TrackedEvent } from '../tracking/event.js';

export interface ClientsTable {
  id: string;
  name: string;
  domain: string | null; // custom domain, unique; served only when settings.allowCustomDomains
  tracking: string; // JSON Tracking
  branding: string; // JSON Branding
  settings: string; // JSON ClientSettings
  consent_regions: string; // JSON string[]: ISO countries (or "EEA") that get a consent banner
  conversion_value: number | null; // revenue credited per service click
  created_at: number;
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
  created_at: number;
  updated_at: number;
}

export interface EventsTable
  extends Omit<TrackedEvent, 'excluded_reason' | 'channel' | 'device_type' | 'type' | 'client_consent'> {
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
  role: 'master' | 'client' | 'viewer';
  client_id: string | null;
  created_at: number;
  failed_logins: Generated<number>;
  locked_until: number | null;
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

export interface Schema {
  clients: ClientsTable;
  smartlinks: SmartlinksTable;
  events: EventsTable;
  visitor_days: VisitorDaysTable;
  salts: SaltsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  sessions: SessionsTable;
  alerts: AlertsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;

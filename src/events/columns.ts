// The columns of an event, in the order exports list them.
import type { NewEventRow } from '../db/schema.js';

export const EVENT_COLUMNS = [
  'event_id', 'type', 'client_id', 'smartlink_id', 'service', 'ts',
  'ip_truncated', 'user_agent', 'referrer', 'referrer_host', 'channel', 'country', 'region', 'city',
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content',
  'device_type', 'os', 'browser', 'in_app', 'excluded_reason', 'excluded_detail',
  'visitor_id', 'session_id', 'is_unique', 'conversion_path', 'revenue',
  'client_confirmed_at', 'client_tags', 'client_consent', 'confirms', 'opt_out',
] as const satisfies readonly (keyof NewEventRow)[];

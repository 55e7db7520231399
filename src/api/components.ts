// The named schemas of the HTTP API, each once: added to Fastify as shared schemas (so that routes
// reference them as `{ $ref: 'Client#' }`, and validation and serialization resolve them) and
// listed by the OpenAPI document under components.schemas, by their `$id`. The generated types of
// the web app and the SDK are named after them: an `$id` is part of the API, keep it stable.
import { BEACON } from '../tracking/beacon.js';
import { HEALTH, TRACKING_HEALTH } from '../monitoring/health.js';
import { ALERT, ALERT_PAGE } from './alerts.js';
import { ACCOUNT_COMPONENTS } from './account-schemas.js';
import { ANALYTICS, RANGE } from './analytics-schemas.js';
import { CATALOGUE_QUERY, CATALOGUE_RELEASE, CATALOGUE_SERVICE, PROVIDER_STATUS, RESCAN_RESULT } from './catalogue-schemas.js';
import { DOMAIN_VERIFICATION } from './domains.js';
import { IMPORT_RESULT, LEGACY_ROW, MIGRATION_STATE, MIGRATION_STATES, MIRROR_CHANGE, MODE_CHANGE, RECONCILED_PERIOD, RECONCILIATION } from './migration-schemas.js';
import { ERASURE_REQUEST, ERASURE_RESULT } from './privacy.js';
import { ERROR, type Named } from './responses.js';
import {
  API_KEY,
  API_KEY_PAGE,
  AUDIT_ENTRY,
  AUDIT_PAGE,
  BRANDING,
  CLIENT,
  CLIENT_CHANGE,
  CLIENT_PAGE,
  CREDENTIALS,
  FORWARDING,
  FORWARDING_CHANGE,
  NEW_API_KEY,
  NEW_CLIENT,
  NEW_SMARTLINK,
  NEW_USER,
  PAGE_INFO,
  PASSWORD_CHANGE,
  SERVICE_LINK,
  SESSION,
  SETTINGS,
  SMARTLINK,
  SMARTLINK_CHANGE,
  SMARTLINK_PAGE,
  TAG_IDS,
  USER,
  USER_PAGE,
} from './schemas.js';

export const COMPONENTS: readonly Named[] = [
  ERROR,
  PAGE_INFO,
  // auth and users
  CREDENTIALS,
  SESSION,
  PASSWORD_CHANGE,
  USER,
  USER_PAGE,
  NEW_USER,
  ...ACCOUNT_COMPONENTS,
  API_KEY,
  API_KEY_PAGE,
  NEW_API_KEY,
  // clients
  CLIENT,
  CLIENT_PAGE,
  NEW_CLIENT,
  CLIENT_CHANGE,
  TAG_IDS,
  BRANDING,
  SETTINGS,
  FORWARDING,
  FORWARDING_CHANGE,
  DOMAIN_VERIFICATION,
  // smartlinks
  SMARTLINK,
  SMARTLINK_PAGE,
  NEW_SMARTLINK,
  SMARTLINK_CHANGE,
  SERVICE_LINK,
  // catalogue resolver
  CATALOGUE_QUERY,
  CATALOGUE_SERVICE,
  PROVIDER_STATUS,
  CATALOGUE_RELEASE,
  RESCAN_RESULT,
  // audit, alerts
  AUDIT_ENTRY,
  AUDIT_PAGE,
  ALERT,
  ALERT_PAGE,
  // analytics
  RANGE,
  ...Object.values(ANALYTICS),
  // privacy
  ERASURE_REQUEST,
  ERASURE_RESULT,
  // migration
  MIGRATION_STATE,
  MIGRATION_STATES,
  MODE_CHANGE,
  MIRROR_CHANGE,
  RECONCILIATION,
  RECONCILED_PERIOD,
  LEGACY_ROW,
  IMPORT_RESULT,
  // machine-facing routes
  HEALTH,
  TRACKING_HEALTH,
  BEACON,
];

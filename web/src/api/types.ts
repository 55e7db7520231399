// The shapes of the API's resources: the named schemas of its OpenAPI document (sdk/src/resources.ts
// names them in the generated types), so a server change that breaks a screen fails its type check.
import type { Alert, Client } from '../../../sdk/src/resources';

export type * from '../../../sdk/src/resources';
export type Branding = Client['branding'];
export type ClientSettings = Client['settings'];
export type PrivacyNotice = Client['privacy'];
export type Tracking = Client['tracking'];
export type AlertRule = Alert['rule'];
export type { TagName } from '../../../src/tenants/tags';

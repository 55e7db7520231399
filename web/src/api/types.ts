// The shapes of the management API's resources: the server's own types where it has them
// (src/api/schemas.ts describes them on the wire).
import type { ApiKeyInfo } from '../../../src/auth/api-keys';

export type Role = 'master' | 'client' | 'viewer';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly clientId: string | null;
}

export interface Session {
  readonly user: User;
  readonly csrfToken: string;
}

export interface Page<T> {
  readonly data: T[];
  readonly page: { readonly limit: number; readonly offset: number; readonly total: number };
}

export type { TagName } from '../../../src/tenants/tags';
export type { Branding, Client, ClientSettings, PrivacyNotice, Tracking } from '../../../src/tenants/client';
export type { ServiceLink, Smartlink, SmartlinkStatus } from '../../../src/links/smartlink';
export interface ApiKey extends ApiKeyInfo {
  /** Only in the creation response. */
  readonly key?: string;
}

export type AlertRule = 'tracking_rate' | 'traffic_spike' | 'tags_failing';

export interface Alert {
  readonly id: string;
  readonly rule: AlertRule;
  readonly clientId: string;
  readonly state: 'open' | 'resolved';
  readonly openedAt: number;
  readonly resolvedAt: number | null;
  readonly message: string;
  readonly readAt: number | null;
}

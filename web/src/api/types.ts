// The shapes of the management API's resources (src/api/schemas.ts on the server).

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

export type TagName = 'gtm' | 'ga4' | 'facebook' | 'tiktok';

export interface Tracking extends Partial<Record<TagName, string>> {
  readonly custom?: Readonly<Record<string, string>>;
}

export interface Branding {
  readonly logo: string | null;
  readonly primaryColor: string;
  readonly secondaryColor: string;
  readonly font: string;
}

export interface ClientSettings {
  readonly allowCustomDomains: boolean;
  readonly maxSmartlinksPerMonth: number;
  readonly analyticsRetentionDays: number;
  readonly slackWebhookUrl?: string | null;
  /** Treat Global Privacy Control (Sec-GPC: 1) as an opt-out; true when absent. */
  readonly honorGpc?: boolean;
}

/** What the fan-facing privacy page (/privacy/<slug>) adds to Duotrack's own text. */
export interface PrivacyNotice {
  /** An email address or an https URL. */
  readonly contact: string | null;
  readonly notice: string | null;
}

export interface Client {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly tracking: Tracking;
  readonly branding: Branding;
  readonly settings: ClientSettings;
  readonly consentRegions: readonly string[];
  readonly conversionValue: number | null;
  /** IANA time zone of the client's reports; 'UTC' when the server does not send it. */
  readonly timeZone?: string;
  readonly privacy?: PrivacyNotice;
  readonly createdAt: number;
}

export interface ServiceLink {
  readonly service: string;
  readonly url: string;
  readonly label?: string;
  readonly countries?: Readonly<Record<string, string>>;
}

export type SmartlinkStatus = 'draft' | 'live' | 'archived';

export interface Smartlink {
  readonly id: string;
  readonly clientId: string;
  readonly slug: string;
  readonly artistName: string;
  readonly trackTitle: string;
  readonly artworkUrl: string | null;
  readonly releaseDate: string | null;
  readonly services: readonly ServiceLink[];
  readonly status: SmartlinkStatus;
  readonly tracking: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ApiKey {
  readonly id: string;
  readonly clientId: string | null;
  readonly name: string;
  readonly prefix: string;
  readonly readOnly: boolean;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
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

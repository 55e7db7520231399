// Where the visitor came from: the referrer (origin + path only; query strings and fragments carry
// personal data and click ids), its host, and a marketing channel. Channel precedence:
//   1. the referrer is our own host                          → internal
//   2. a utm_medium we recognise                             → paid | email | social | search
//   3. the referrer host's family                            → social | search | email, else other
//   4. no referrer: in an app's in-app browser               → social (the fan came from that app)
//                   else utm_source present                  → other
//                   else                                     → direct
// A utm_medium we do not recognise ("bio", "qr"…) falls through to the referrer rules.
import type { Channel, Enrichment } from '../event.js';

export interface ReferrerInput {
  referrer: string;
  ownHost: string;
  inApp: string | null;
  utmMedium: string | null;
  utmSource: string | null;
}

const MAX_REFERRER_LENGTH = 500;

const MEDIUM_CHANNEL: Readonly<Record<string, Channel>> = {
  cpc: 'paid',
  ppc: 'paid',
  paid: 'paid',
  paidsocial: 'paid',
  paid_social: 'paid',
  'paid-social': 'paid',
  display: 'paid',
  cpm: 'paid',
  ads: 'paid',
  email: 'email',
  'e-mail': 'email',
  newsletter: 'email',
  social: 'social',
  'social-network': 'social',
  'social-media': 'social',
  sm: 'social',
  organic_social: 'social',
  organic: 'search',
};

/** Registrable domains (a host matches the domain or any subdomain of it). */
const SOCIAL_DOMAINS = [
  'facebook.com', 'fb.com', 'fb.me', 'messenger.com', 'instagram.com', 't.co', 'twitter.com', 'x.com',
  'tiktok.com', 'snapchat.com', 'linkedin.com', 'lnkd.in', 'pin.it', 'reddit.com', 'youtube.com',
  'youtu.be', 'threads.net', 'threads.com', 'whatsapp.com', 'wa.me', 't.me', 'telegram.org', 'telegram.me',
  'vk.com', 'discord.com', 'discordapp.com', 'tumblr.com', 'bsky.app', 'mastodon.social', 'line.me',
  'weibo.com', 'linktr.ee',
];
const SEARCH_DOMAINS = [
  'bing.com', 'duckduckgo.com', 'baidu.com', 'ecosia.org', 'qwant.com', 'search.brave.com',
  'startpage.com', 'ya.ru', 'naver.com',
];
const EMAIL_DOMAINS = [
  'mail.google.com', 'gmail.com', 'outlook.live.com', 'outlook.office.com', 'outlook.office365.com',
  'mail.yahoo.com', 'mail.aol.com', 'mail.proton.me',
];
/** Brands with a country-code family of domains: google.de, google.co.uk, yahoo.co.jp, yandex.com.tr… */
const SOCIAL_BRANDS = brandFamily(['pinterest']);
const SEARCH_BRANDS = brandFamily(['google', 'yahoo', 'yandex']);

/** Android apps send `android-app://<package>/` as the referrer; a few packages tell the channel. */
const ANDROID_APP_CHANNEL: Readonly<Record<string, Channel>> = {
  'com.google.android.gm': 'email',
  'com.microsoft.office.outlook': 'email',
  'com.google.android.googlequicksearchbox': 'search',
  'com.instagram.android': 'social',
  'com.facebook.katana': 'social',
  'com.facebook.orca': 'social',
  'com.zhiliaoapp.musically': 'social',
  'com.ss.android.ugc.trill': 'social',
  'com.twitter.android': 'social',
  'com.snapchat.android': 'social',
  'com.linkedin.android': 'social',
  'com.pinterest': 'social',
  'com.reddit.frontpage': 'social',
  'com.whatsapp': 'social',
  'org.telegram.messenger': 'social',
  'com.instagram.barcelona': 'social',
};

export function classifyReferrer(input: ReferrerInput): Pick<Enrichment, 'referrer' | 'referrer_host' | 'channel'> {
  const url = parseUrl(input.referrer);
  const isWeb = url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  const referrer = isWeb ? `${url.origin}${url.pathname}`.slice(0, MAX_REFERRER_LENGTH) : null;
  const referrerHost = isWeb ? bareHost(url.hostname) : null;
  return { referrer, referrer_host: referrerHost, channel: channelOf(input, referrerHost, url) };
}

function channelOf(input: ReferrerInput, referrerHost: string | null, url: URL | null): Channel {
  if (referrerHost !== null && referrerHost === bareHost(input.ownHost)) return 'internal';
  const medium = input.utmMedium?.trim().toLowerCase();
  const byMedium = medium === undefined ? undefined : MEDIUM_CHANNEL[medium];
  if (byMedium !== undefined) return byMedium;
  if (referrerHost !== null) return hostFamily(referrerHost) ?? 'other';
  const byApp = url?.protocol === 'android-app:' ? ANDROID_APP_CHANNEL[url.hostname.toLowerCase()] : undefined;
  if (byApp !== undefined) return byApp;
  if (input.inApp !== null) return 'social';
  if (input.utmSource !== null && input.utmSource.trim() !== '') return 'other';
  return 'direct';
}

function hostFamily(host: string): Channel | null {
  // Email first: mail.google.com and mail.yahoo.com sit under search brands.
  if (EMAIL_DOMAINS.some((domain) => isUnder(host, domain)) || hasMailLabel(host)) return 'email';
  if (SOCIAL_DOMAINS.some((domain) => isUnder(host, domain)) || SOCIAL_BRANDS.test(host)) {
    return 'social';
  }
  if (SEARCH_DOMAINS.some((domain) => isUnder(host, domain)) || SEARCH_BRANDS.test(host)) {
    return 'search';
  }
  return null;
}

function isUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The hosts of these brands: "google.com", "news.google.co.uk", "google.com.br" for "google"; not
 * "google.example.com". One pattern, compiled once (not per brand and per request).
 */
function brandFamily(brands: readonly string[]): RegExp {
  return new RegExp(`(?:^|\\.)(?:${brands.join('|')})\\.(?:com?\\.)?[a-z]{2,3}$`);
}

/** Webmail hosts: mail.example.net, e.mail.ru, webmail.provider.fr, mail.com (a "mail" label, TLD aside). */
function hasMailLabel(host: string): boolean {
  const labels = host.split('.');
  return labels.slice(0, -1).some((label) => label === 'mail' || label === 'webmail');
}

function bareHost(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\.$/, '');
  return lower.startsWith('www.') ? lower.slice(4) : lower;
}

function parseUrl(value: string): URL | null {
  if (value.trim() === '') return null;
  try {
    return new URL(value.trim());
  } catch {
    return null;
  }
}

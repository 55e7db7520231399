// What a User-Agent says about the visitor: device type, OS, browser, the social app whose in-app
// browser opened the link, and whether it is a bot (a link-preview fetcher or another crawler).
// Results are frozen and cached per UA string (an LRU of 10,000), since a few UAs make most traffic.
//
// Bot policy, in order (the signatures are in bot.ts):
//   1. A link-preview fetcher → 'link_preview': someone shared the link and an app drew its card.
//   2. A crawler signature → 'crawler', even next to an in-app token ("TikTokSpider … tiktok.com",
//      "… Twitter for iPhone BrandVerity/1.0 (http://…)"): a monitoring, performance or capture
//      tool we know, a bot/spider/crawler word, or a contact URL or e-mail address.
//   3. A UA carrying an in-app token (IN_APP_TOKENS) is a person in that app's browser, never a bot.
//   4. Anything else isbot recognises → 'crawler' (HTTP libraries, headless browsers…).
import InAppSpy from 'inapp-spy';
import { LRUCache } from 'lru-cache';
import UAParser from 'ua-parser-js';
import type { DeviceType } from '../event.js';
import { crawlerSignature, genericCrawler, linkPreview } from './bot.js';

export interface UserAgentFacts {
  device_type: DeviceType;
  os: string | null;
  browser: string | null;
  in_app: string | null;
  bot: { reason: 'link_preview' | 'crawler'; detail: string } | null;
}

export type InAppKey =
  | 'instagram'
  | 'facebook'
  | 'messenger'
  | 'tiktok'
  | 'snapchat'
  | 'x'
  | 'linkedin'
  | 'pinterest'
  | 'whatsapp'
  | 'telegram'
  | 'threads'
  | 'line'
  | 'wechat';

/**
 * In-app browser tokens, first match wins. Instagram and Threads come before Facebook (their UAs
 * may carry FB tokens), Messenger before Facebook (it carries FBAV too). Bot names such as
 * "Pinterestbot", "LinkedInBot" or "TelegramBot" deliberately do not match.
 */
const IN_APP_TOKENS: ReadonlyArray<readonly [InAppKey, RegExp]> = [
  ['instagram', /\bInstagram\b/i],
  ['threads', /\bBarcelona \d/],
  ['messenger', /\bFBAN\/Messenger|\bFB_IAB\/(?:MESSENGER|Orca-Android)\b/i],
  ['facebook', /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bFBIOS\b/i],
  ['tiktok', /musical_ly|BytedanceWebview|\btrill_\d|\bTikTok\b/i],
  ['snapchat', /\bSnapchat\/\d/i],
  ['x', /\bTwitter for i(?:Phone|Pad)\b|\bTwitterAndroid\b/i],
  ['linkedin', /\bLinkedInApp\b/i],
  ['pinterest', /\[Pinterest\/(?:iOS|Android)\]/i],
  ['whatsapp', /\b(?:WAiOS|WA4A)\/|\bWhatsApp\/\d/i],
  ['telegram', /\bTelegram-(?:Android|iOS)\//i],
  ['line', /\bLine\/\d/],
  ['wechat', /\bMicroMessenger\//i],
];

/**
 * inapp-spy keys we trust as a fallback when no token above matched. Its "messenger" verdict is a
 * guess made on any FB token without an IABMV marker, so it counts as Facebook; gsa and reddit are
 * not platforms we report.
 */
const FROM_INAPP_SPY: Readonly<Record<string, InAppKey>> = {
  instagram: 'instagram',
  facebook: 'facebook',
  messenger: 'facebook',
  twitter: 'x',
  line: 'line',
  wechat: 'wechat',
  threads: 'threads',
  tiktok: 'tiktok',
  snapchat: 'snapchat',
  linkedin: 'linkedin',
  whatsapp: 'whatsapp',
};

/** OS names (as ua-parser-js 1.x spells them) that mean a desktop or laptop when no device type is given. */
const DESKTOP_OS =
  /^(?:Windows|Mac OS|macOS|Chromium OS|Chrome OS|Linux|Ubuntu|Kubuntu|Xubuntu|Lubuntu|Debian|Fedora|Mint|Arch|CentOS|Red ?Hat|SUSE|openSUSE|Gentoo|Slackware|Mandriva|Mageia|Manjaro|elementary OS|Deepin|Zenwalk|PCLinuxOS|VectorLinux|Knoppix|GNU|FreeBSD|OpenBSD|NetBSD|DragonFly|Solaris|Haiku|Unix)$/i;

/** Longer UAs are cut before parsing and caching (ua-parser-js itself reads at most 500 characters). */
const MAX_UA_LENGTH = 1024;

const EMPTY: UserAgentFacts = Object.freeze({ device_type: 'other', os: null, browser: null, in_app: null, bot: null });

/** UAs whose facts are kept (a few hundred bytes each): a flood of made-up UAs only evicts. */
export const CACHED_USER_AGENTS = 10_000;

const cache = new LRUCache<string, UserAgentFacts>({ max: CACHED_USER_AGENTS });

/** Describes a User-Agent header. The same UA string returns the same frozen object. */
export function describeUserAgent(ua: string): UserAgentFacts {
  const key = ua.length > MAX_UA_LENGTH ? ua.slice(0, MAX_UA_LENGTH) : ua;
  if (key.trim() === '') return EMPTY; // the pipeline flags the empty UA itself
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const facts = analyse(key);
  cache.set(key, facts);
  return facts;
}

function analyse(ua: string): UserAgentFacts {
  const parsed = new UAParser(ua).getResult();
  const bot = detectBot(ua);
  const inApp = bot === null ? detectInApp(ua) : null;
  const botFacts = bot === null ? null : Object.freeze(bot);
  return Object.freeze({
    device_type: deviceType(parsed.device.type, parsed.os.name, ua),
    os: parsed.os.name ?? null,
    browser: parsed.browser.name ?? null,
    in_app: inApp,
    bot: botFacts,
  });
}

function detectBot(ua: string): UserAgentFacts['bot'] {
  const preview = linkPreview(ua);
  if (preview !== null) return { reason: 'link_preview', detail: preview };
  const signed = crawlerSignature(ua);
  if (signed !== null) return { reason: 'crawler', detail: signed };
  if (inAppToken(ua) !== null) return null;
  const other = genericCrawler(ua);
  return other === null ? null : { reason: 'crawler', detail: other };
}

function inAppToken(ua: string): InAppKey | null {
  return IN_APP_TOKENS.find(([, pattern]) => pattern.test(ua))?.[0] ?? null;
}

function detectInApp(ua: string): InAppKey | null {
  const token = inAppToken(ua);
  if (token !== null) return token;
  const spied = InAppSpy({ ua }).appKey;
  return spied === undefined ? null : (FROM_INAPP_SPY[spied] ?? null);
}

function deviceType(type: string | undefined, os: string | undefined, ua: string): DeviceType {
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type !== undefined) return 'other'; // smarttv, console, wearable, embedded, xr
  if (os === undefined) return 'other';
  if (DESKTOP_OS.test(os)) return 'desktop'; // includes iPads in desktop mode (they send a Mac UA)
  // Android or iOS with a model ua-parser does not know: "Mobile" marks a phone, its absence a tablet.
  if (os === 'Android' || os === 'iOS') return /\bMobile\b/.test(ua) ? 'mobile' : 'tablet';
  return 'other';
}

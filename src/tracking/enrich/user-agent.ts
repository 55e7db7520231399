// What a User-Agent says about the visitor: device type, OS, browser, the social app whose in-app
// browser opened the link, and whether it is a bot (a link-preview fetcher or another crawler).
// Results are frozen and cached per UA string (an LRU of 10,000), since a few UAs make most traffic.
//
// Bot policy, in order:
//   1. LINK_PREVIEWS below → 'link_preview': the unfurlers that fetch a link when someone shares it.
//      Google-PageRenderer counts as one (it renders the snippet card of a shared link, not the index);
//      Applebot is a search crawler → 'crawler' (iMessage previews come as "facebookexternalhit … Twitterbot").
//   2. A UA carrying an in-app token (IN_APP_TOKENS) is a person in that app's browser, never a bot.
//   3. Any other isbot match → 'crawler' (search engines, HTTP libraries, headless browsers…).
import { isbot, isbotMatches } from 'isbot';
import InAppSpy from 'inapp-spy';
import { LRUCache } from 'lru-cache';
import UAParser from 'ua-parser-js';
import type { DeviceType } from '../event.js';

export interface UserAgentFacts {
  device_type: DeviceType;
  os: string | null;
  browser: string | null;
  in_app: string | null;
  bot: { reason: 'link_preview' | 'crawler'; detail: string } | null;
}

type InAppKey =
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

/** Link-preview fetchers, first match wins; the name is the `detail`. */
const LINK_PREVIEWS: ReadonlyArray<readonly [RegExp, string]> = [
  [/facebookexternalhit/i, 'facebookexternalhit'], // Facebook, Messenger, Instagram; also LINE and iMessage
  [/\bFacebot\b/i, 'Facebot'],
  [/meta-externalfetcher/i, 'meta-externalfetcher'],
  [/TelegramBot/i, 'TelegramBot'], // before Twitterbot: its UA is "TelegramBot (like TwitterBot)"
  [/Twitterbot/i, 'Twitterbot'],
  // "WhatsApp/2.23.20.0", "WhatsApp/2.24.8.77 A": WhatsApp's fetcher (Signal's too) has no browser token.
  [/^WhatsApp\/\d(?!.*\b(?:Mozilla|AppleWebKit|Chrome|Safari)\/)/i, 'WhatsApp'],
  [/Slackbot-LinkExpanding/i, 'Slackbot-LinkExpanding'],
  [/Slack-ImgProxy/i, 'Slack-ImgProxy'],
  [/Slackbot/i, 'Slackbot'],
  [/Discordbot/i, 'Discordbot'],
  [/LinkedInBot/i, 'LinkedInBot'],
  [/Pinterestbot/i, 'Pinterestbot'],
  [/^Pinterest\/\d.*pinterest\.com\/bot/i, 'Pinterest'], // "Pinterest/0.2 (+http://www.pinterest.com/bot.html)"
  [/SkypeUriPreview/i, 'SkypeUriPreview'],
  [/MicrosoftPreview/i, 'MicrosoftPreview'], // Teams and Outlook cards
  [/Iframely/i, 'Iframely'],
  [/Embedly/i, 'Embedly'],
  [/vkShare/i, 'vkShare'],
  [/redditbot/i, 'redditbot'],
  [/Snap URL Preview/i, 'Snap URL Preview'],
  [/Bluesky Cardyb/i, 'Bluesky Cardyb'],
  [/^Mastodon\//i, 'Mastodon'],
  [/kakaotalk-scrap/i, 'kakaotalk-scrap'],
  [/Google-PageRenderer/i, 'Google-PageRenderer'],
];

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

const cache = new LRUCache<string, UserAgentFacts>({ max: 10_000 });

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
  const preview = LINK_PREVIEWS.find(([pattern]) => pattern.test(ua));
  if (preview !== undefined) return { reason: 'link_preview', detail: preview[1] };
  if (inAppToken(ua) !== null) return null;
  if (!isbot(ua)) return null;
  return { reason: 'crawler', detail: crawlerName(ua) };
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

const NAME_CHAR = /[\w-]/;
const NOT_A_NAME = /^(?:https?|www|com|Mozilla|compatible|like)$/i;

/**
 * A short name for a crawler: the product token around what isbot matched ("bot" in
 * "bingbot/2.0" → "bingbot", "Google" in "Googlebot/2.1" → "Googlebot", "curl/8.4.0" → "curl"),
 * else the UA's first product token, else "unknown".
 */
function crawlerName(ua: string): string {
  for (const match of isbotMatches(ua)) {
    const core = match.split(/[/;(),\s]/).find((part) => part !== '') ?? '';
    const at = ua.indexOf(core);
    if (core === '' || at === -1) continue;
    let start = at;
    let end = at + core.length;
    while (start > 0 && NAME_CHAR.test(ua.charAt(start - 1))) start -= 1;
    while (end < ua.length && NAME_CHAR.test(ua.charAt(end))) end += 1;
    const name = ua.slice(start, end);
    if (/[a-z]/i.test(name) && !NOT_A_NAME.test(name)) return name.slice(0, 64);
  }
  const first = /^[A-Za-z][\w.-]*/.exec(ua)?.[0];
  return first !== undefined && !NOT_A_NAME.test(first) ? first.slice(0, 64) : 'unknown';
}

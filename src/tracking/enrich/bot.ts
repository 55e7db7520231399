// Which User-Agents are not people, and what to call them. Three signatures, each a pure function
// of the UA string; user-agent.ts applies them in order around the in-app check and caches the result:
//   linkPreview      someone shared the link and an app fetched it to draw a card → 'link_preview'
//   crawlerSignature the UA says it is automated (a tool we know, a bot/spider/crawler word, a contact
//                    URL or e-mail) → 'crawler', even when it also carries an in-app token
//   genericCrawler   anything else isbot knows (HTTP libraries, headless browsers…) → 'crawler'
import { isbot, isbotMatches } from 'isbot';

/** A pattern and the `detail` it reports. Every pattern is case-insensitive. */
type Named = readonly [pattern: RegExp, name: string];

/**
 * Link-preview fetchers of the places where music links are shared, first match wins.
 * Order matters where one UA names several: Blueno says "facebookexternalhit", TelegramBot says
 * "TwitterBot", iMessage sends "facebookexternalhit … Twitterbot". Applebot is Apple's search
 * crawler, not iMessage's fetcher, so it is not here.
 */
const LINK_PREVIEWS: readonly Named[] = [
  // Meta's apps; LINE and iMessage send facebookexternalhit too.
  [/\bBlueno\//i, 'Blueno'], // Naver (blogs, cafés, Band): "facebookexternalhit/1.1 (compatible; Blueno/1.0; +http://naver.me/scrap)"
  [/facebookexternalhit/i, 'facebookexternalhit'],
  [/Meta-ExternalHit\//i, 'Meta-ExternalHit'],
  [/\bFacebot\b/i, 'Facebot'],
  [/meta-externalfetcher/i, 'meta-externalfetcher'],
  // Messaging apps.
  [/TelegramBot/i, 'TelegramBot'],
  [/Twitterbot/i, 'Twitterbot'],
  // WhatsApp's fetcher ("WhatsApp/2.23.20.0 A", a bare "WhatsApp"; Signal sends "WhatsApp/2" too) has
  // no browser token; the in-app browser does ("… Mobile Safari/537.36 WhatsApp/2.24.3.78").
  [/^WhatsApp(?:$|\/\d(?!.*\b(?:Mozilla|AppleWebKit|Chrome|Safari)\/))/i, 'WhatsApp'],
  [/^Viber$/i, 'Viber'], // the in-app browser appends "Viber/<version>" to a browser UA
  [/SkypeUriPreview/i, 'SkypeUriPreview'],
  [/MicrosoftPreview/i, 'MicrosoftPreview'], // Teams and Outlook cards
  [/kakaotalk-scrap/i, 'kakaotalk-scrap'],
  [/SnapURLPreview/i, 'SnapURLPreview'],
  [/Snap URL Preview/i, 'Snap URL Preview'], // "Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots"
  [/Discordbot/i, 'Discordbot'],
  [/Slackbot-LinkExpanding/i, 'Slackbot-LinkExpanding'],
  [/Slack-ImgProxy/i, 'Slack-ImgProxy'],
  [/Slackbot/i, 'Slackbot'],
  [/Mattermost-Bot/i, 'Mattermost'],
  [/^Synapse \(bot;/i, 'Synapse'], // Matrix
  [/Discourse Forum Onebox/i, 'Discourse'],
  [/GroupMeBot/i, 'GroupMeBot'],
  [/Chatwork LinkPreview/i, 'Chatwork'],
  [/DingTalkBot-LinkService/i, 'DingTalkBot'],
  [/SteamChatURLLookup/i, 'SteamChatURLLookup'],
  [/KeybaseBot/i, 'KeybaseBot'],
  // Social networks and their schedulers.
  [/LinkedInBot/i, 'LinkedInBot'],
  [/Pinterestbot/i, 'Pinterestbot'],
  [/^Pinterest\/\d.*pinterest\.com/i, 'Pinterest'], // "Pinterest/0.2 (+http://www.pinterest.com/bot.html)"
  [/BlueskyPreviewBot/i, 'BlueskyPreviewBot'],
  [/Bluesky Cardyb/i, 'Bluesky Cardyb'],
  [/^Bluesky\//i, 'Bluesky'],
  [/^Mastodon\/|\(Mastodon\/\d/i, 'Mastodon'], // "http.rb/2.2.2 (Mastodon/1.5.1; +https://example-masto-instance.org/)"
  [/SummalyBot/i, 'Misskey'],
  [/^Lemmy\//i, 'Lemmy'],
  [/^Friendica\b/i, 'Friendica'],
  [/redditbot/i, 'redditbot'],
  [/^Tumblr\//i, 'Tumblr'],
  [/vkShare/i, 'vkShare'],
  [/OdklBot/i, 'OdklBot'], // Odnoklassniki
  [/Xing Bot/i, 'Xing'],
  [/Quora-Bot/i, 'Quora-Bot'],
  [/FlipboardProxy/i, 'FlipboardProxy'],
  [/BufferLinkPreviewBot/i, 'BufferLinkPreviewBot'],
  [/bitlybot/i, 'bitlybot'],
  // Google: the snippet card of a shared link, and "read this page aloud" from a shared link.
  [/Google-PageRenderer/i, 'Google-PageRenderer'],
  [/Google-Read-Aloud/i, 'Google-Read-Aloud'],
  // Mail and embed services.
  [/Yahoo Link Preview/i, 'Yahoo Link Preview'],
  [/Iframely/i, 'Iframely'],
  [/Embedly/i, 'Embedly'],
  // Any other fetcher that says what it does: "Orlo-LinkPreview", "ClickUpLinkUnfurler"…
  [/link-?preview|unfurl/i, 'link preview'],
];

/**
 * Monitoring, performance and page-capture services, and the web tools of AI coding agents: they run
 * a real browser engine, so several send a plain browser UA with only this token added.
 */
const AUTOMATION_TOOLS: readonly Named[] = [
  [/\bGTmetrix\b/i, 'GTmetrix'],
  [/\bYLT(?:\s|$)/i, 'Yellow Lab Tools'], // "… (KHTML, like Gecko) YLT Chrome/85.0.4183.121 Safari/537.36"
  [/\bMiniature\.io\//i, 'Miniature.io'],
  [/Chrome-Lighthouse/i, 'Lighthouse'], // PageSpeed Insights and Lighthouse-as-a-service
  [/\bPTST\//i, 'WebPageTest'],
  [/Pingdom/i, 'Pingdom'],
  [/Google Page Speed Insights|\bPagespeed\//i, 'PageSpeed'],
  [/UptimeRobot/i, 'UptimeRobot'],
  [/Site24x7/i, 'Site24x7'],
  [/StatusCake/i, 'StatusCake'],
  [/Uptime-Kuma/i, 'Uptime Kuma'],
  [/Better Uptime/i, 'Better Uptime'],
  [/Freshping/i, 'Freshping'],
  [/HetrixTools/i, 'HetrixTools'],
  [/DareBoost/i, 'Dareboost'],
  [/SpeedCurve/i, 'SpeedCurve'],
  [/Catchpoint/i, 'Catchpoint'],
  [/Checkly/i, 'Checkly'],
  [/Datadog ?Synthetic/i, 'Datadog Synthetics'],
  [/NewRelicSynthetics/i, 'New Relic Synthetics'],
  [/ThousandEyes/i, 'ThousandEyes'],
  [/Dotcom-Monitor/i, 'Dotcom-Monitor'],
  [/turingos/i, 'TuringOS'], // "(Macintosh; Intel Mac OS X 10_15_7; TSM-turingos-1253296984)"
  // Coding agents fetch pages through their editor's Electron shell; nobody opens a smartlink there.
  [/\bCode\/\d.*\bElectron\//i, 'VS Code'],
  [/\bTrae\/\d/i, 'Trae'],
  [/\bCursor\/\d/i, 'Cursor'],
];

// One alternation tested first, so a person's UA (nearly every UA seen) costs one regex per table.
const ANY_LINK_PREVIEW = anyOf(LINK_PREVIEWS);
const ANY_AUTOMATION_TOOL = anyOf(AUTOMATION_TOOLS);

/** Words only automated clients use for themselves (not "Cubot", a phone brand). */
const CRAWLER_WORD = /(?<!cu)bots?(?:\b|_)|spider|crawl/i;
/** A contact left for the site owner: a URL or an e-mail address. */
const CONTACT = /https?:\/\/|\+http|(?<![\w.+-])[\w.+-]+@[\w-]+\.[a-z]{2,}/i;

/** The `detail` of the first link-preview fetcher that matches, else null. */
export function linkPreview(ua: string): string | null {
  return firstMatch(LINK_PREVIEWS, ANY_LINK_PREVIEW, ua);
}

/** The name of a client that says it is automated, else null. Wins over an in-app token. */
export function crawlerSignature(ua: string): string | null {
  const tool = firstMatch(AUTOMATION_TOOLS, ANY_AUTOMATION_TOOL, ua);
  if (tool !== null) return tool;
  return CRAWLER_WORD.test(ua) || CONTACT.test(ua) ? crawlerName(ua) : null;
}

/** The name of any other client isbot recognises (HTTP libraries, headless browsers…), else null. */
export function genericCrawler(ua: string): string | null {
  return isbot(ua) ? crawlerName(ua) : null;
}

function anyOf(table: readonly Named[]): RegExp {
  return new RegExp(table.map(([pattern]) => `(?:${pattern.source})`).join('|'), 'i');
}

function firstMatch(table: readonly Named[], any: RegExp, ua: string): string | null {
  if (!any.test(ua)) return null;
  return table.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
}

const NAME_CHAR = /[\w-]/;
/** Browser tokens and generic words: never a crawler's name. */
const NOT_A_NAME = /^(?:https?|www|com|Mozilla|compatible|like|AppleWebKit|KHTML|Gecko|Chrome|Safari|Firefox|Version|Mobile|MSIE)$/i;
/** URLs and e-mail addresses: a crawler word inside one ("…/robots") names nothing. */
const CONTACTS = /\+?https?:\/\/[^\s;)]*|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;
/** A crawler word that is the whole token ("Dazzle BlueSky Bot"): the word before it is part of the name. */
const BARE_WORD = /^(?:ro)?bots?$|^spider$|^crawler$/i;
/** "BrandVerity/1.0 (http://…)", "MistralAI-User/1.0; +https://…": the product that leaves a contact. */
const PRODUCT_WITH_CONTACT = /(?<![\w.-])([A-Za-z][\w.-]*)\/[\w.]+[\s;]*\(?\s*\+?(?:https?:\/\/|[\w.-]+@)/;
/** "Mozilla/5.0 (compatible; TrendsmapResolver/0.1)": the product named in the compatibility comment. */
const COMPATIBLE_PRODUCT = /\(compatible;\s*([A-Za-z][\w.-]*)/i;
/** "+https://www.mirrorweb.com" → "mirrorweb.com", "scraping@nytimes.com" → "nytimes.com". */
const CONTACT_HOST = /(?:https?:\/\/(?:www\.)?|@)([\w-]+(?:\.[\w-]+)+)/i;
const FIRST_PRODUCT = /^([A-Za-z][\w.-]*)/;

/**
 * A short name for a crawler, the first of: the token that carries its crawler word ("TikTokSpider",
 * "Googlebot"); the product that leaves a contact ("BrandVerity"); the token around what isbot
 * matched ("curl/8.4.0" → "curl"); the product in "(compatible; …)"; the domain of its contact;
 * the UA's first product token; "unknown". Words inside the contacts themselves name nothing.
 */
function crawlerName(ua: string): string {
  const text = ua.replace(CONTACTS, ' ');
  const name =
    fromCrawlerWord(text) ??
    nameIn(PRODUCT_WITH_CONTACT, ua) ??
    fromIsbot(text) ??
    nameIn(COMPATIBLE_PRODUCT, text) ??
    nameIn(CONTACT_HOST, ua) ??
    nameIn(FIRST_PRODUCT, text);
  return name === null ? 'unknown' : name.slice(0, 64);
}

function fromCrawlerWord(text: string): string | null {
  const word = CRAWLER_WORD.exec(text);
  if (word === null) return null;
  const token = tokenAround(text, word.index, word[0].length);
  if (!BARE_WORD.test(token)) return NOT_A_NAME.test(token) ? null : token;
  const before = /(?<![\w.-])([A-Za-z][\w.-]*)\s+$/.exec(text.slice(0, word.index))?.[1];
  return before === undefined || NOT_A_NAME.test(before) ? token : `${before} ${token}`;
}

/** The first group of `pattern` in `text`, unless it is a browser token or a generic word. */
function nameIn(pattern: RegExp, text: string): string | null {
  const name = pattern.exec(text)?.[1];
  return name === undefined || NOT_A_NAME.test(name) ? null : name;
}

function fromIsbot(ua: string): string | null {
  for (const match of isbotMatches(ua)) {
    const core = match.split(/[/;(),\s]/).find((part) => part !== '') ?? '';
    const at = ua.indexOf(core);
    if (core === '' || at === -1) continue;
    const token = tokenAround(ua, at, core.length);
    if (/[a-z]/i.test(token) && !NOT_A_NAME.test(token)) return token;
  }
  return null;
}

/** The run of name characters (letters, digits, `_`, `-`) around `text[at, at + length)`. */
function tokenAround(text: string, at: number, length: number): string {
  let start = at;
  let end = at + length;
  while (start > 0 && NAME_CHAR.test(text.charAt(start - 1))) start -= 1;
  while (end < text.length && NAME_CHAR.test(text.charAt(end))) end += 1;
  return text.slice(start, end);
}

import { describe, expect, it } from 'vitest';
import { IN_APP_USER_AGENTS } from './fixtures/in-app-user-agents.js';
import { describeUserAgent, type UserAgentFacts } from './user-agent.js';

// Real User-Agents, as listed in crawler-user-agents 1.60.0 (`instances`) unless said otherwise.
type Row = { name: string; ua: string } & NonNullable<UserAgentFacts['bot']>;

const preview = (name: string, ua: string, detail: string): Row => ({ name, ua, reason: 'link_preview', detail });
const crawler = (name: string, ua: string, detail: string): Row => ({ name, ua, reason: 'crawler', detail });

function expectBot({ ua, reason, detail }: Row): void {
  const facts = describeUserAgent(ua);
  expect(facts.bot).toEqual({ reason, detail });
  expect(facts.in_app).toBeNull();
}

describe('crawlers that carry an in-app token or pass as a browser', () => {
  it.each([
    crawler('TikTokSpider (its UA names tiktok.com)', 'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; TikTokSpider; ttspider-feedback@tiktok.com)', 'TikTokSpider'),
    crawler('BrandVerity dressed as Twitter for iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 7_0 like Mac OS X) AppleWebKit/537.51.1 (KHTML, like Gecko) Mobile/11A465 Twitter for iPhone BrandVerity/1.0 (http://www.brandverity.com/why-is-brandverity-visiting-me)', 'BrandVerity'),
    crawler('BrandVerity dressed as Firefox', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.10; rv:41.0) Gecko/20100101 Firefox/55.0 BrandVerity/1.0 (http://www.brandverity.com/why-is-brandverity-visiting-me)', 'BrandVerity'),
    crawler('GTmetrix', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36 GTmetrix', 'GTmetrix'),
    crawler('Yellow Lab Tools (YLT)', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_6) AppleWebKit/537.36 (KHTML, like Gecko) YLT Chrome/85.0.4183.121 Safari/537.36', 'Yellow Lab Tools'),
    crawler('Miniature.io', 'Mozilla/5.0 (X11; Linux x86_64) Miniature.io/6.0 AppleWebKit/537.36 (KHTML, like Gecko) QtWebEngine/5.12.4 Chrome/69.0.3497.128 Safari/537.36', 'Miniature.io'),
    crawler('TuringOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7; TSM-turingos-1253296984) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36', 'TuringOS'),
    crawler("GitHub Copilot's fetch tool in VS Code", 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Code/1.115.0 Chrome/142.0.7444.265 Electron/39.8.5 Safari/537.36', 'VS Code'),
    crawler("Trae's coding agent", 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Trae/1.107.1 Chrome/142.0.7444.235 Electron/39.2.7 Safari/537.36', 'Trae'),
  ])('$name', (row) => expectBot(row));
});

describe('monitoring and performance tools', () => {
  it.each([
    crawler('Lighthouse (PageSpeed Insights) on a mobile profile', 'Mozilla/5.0 (Linux; Android 7.0; Moto G (4)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0.4695.0 Mobile Safari/537.36 Chrome-Lighthouse', 'Lighthouse'),
    crawler('WebPageTest', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Safari/537.36 PTST/211202.211915', 'WebPageTest'),
    crawler('Pingdom page speed', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/59.0.3071.109 Chrome/59.0.3071.109 Safari/537.36 PingdomPageSpeed/1.0 (pingbot/2.0; +http://www.pingdom.com/)', 'Pingdom'),
    crawler('UptimeRobot', 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'UptimeRobot'),
    crawler('Site24x7', 'Site24x7', 'Site24x7'),
    crawler('StatusCake', 'StatusCake_Uptime_Checker/1.0', 'StatusCake'),
    crawler('Uptime Kuma', 'Uptime-Kuma/1.23.16', 'Uptime Kuma'),
    crawler('Dareboost', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/62.0.3202.75 Safari/537.36 DareBoost', 'Dareboost'),
    crawler('Checkly', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.6998.35 Safari/537.36 (Checkly, https://www.checklyhq.com)', 'Checkly'),
    crawler('Datadog Synthetics', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.7204.168 Safari/537.36 DatadogSynthetics', 'Datadog Synthetics'),
    crawler('New Relic Synthetics', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/100.0.4896.60 Safari/537.36 NewRelicSynthetics/1.0', 'New Relic Synthetics'),
    crawler('ThousandEyes', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.71 Safari/537.36 (ThousandEyes Agent)', 'ThousandEyes'),
  ])('$name', (row) => expectBot(row));
});

describe('link previews of the places where music links are shared', () => {
  it.each([
    preview('BlueskyPreviewBot', 'BlueskyPreviewBot/1.0', 'BlueskyPreviewBot'),
    preview('Bluesky', 'Bluesky/', 'Bluesky'),
    // ua-parser-js test fixture (test/data/ua/extension/fetcher.json).
    preview('Bluesky Cardyb', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app) Chrome/100.0.0.0 Safari/537.36', 'Bluesky Cardyb'),
    preview('SnapURLPreview', 'Mozilla/5.0 (compatible; SnapURLPreview/1.0; +https://www.snapchat.com)', 'SnapURLPreview'),
    preview('Google-Read-Aloud, desktop', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36 (compatible; Google-Read-Aloud; +https://developers.google.com/search/docs/crawling-indexing/overview-google-crawlers)', 'Google-Read-Aloud'),
    // ua-parser-js test fixture (test/data/ua/extension/fetcher.json).
    preview('Google-Read-Aloud, mobile', 'Mozilla/5.0 (Linux; Android 7.0; SM-G930V Build/NRD90M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/59.0.3071.125 Mobile Safari/537.36 (compatible; Google-Read-Aloud; +https://support.google.com/webmasters/answer/1061943)', 'Google-Read-Aloud'),
    preview("Mastodon's http.rb fetcher", 'http.rb/2.2.2 (Mastodon/1.5.1; +https://example-masto-instance.org/)', 'Mastodon'),
    preview('BufferLinkPreviewBot', 'BufferLinkPreviewBot/1.0 (+https://scraper.buffer.com/about/bots/link-preview-bot)', 'BufferLinkPreviewBot'),
    preview('bitlybot', 'bitlybot', 'bitlybot'),
    preview('bitlybot with a contact', 'bitlybot/3.0 (+http://bit.ly/)', 'bitlybot'),
    preview('a bare WhatsApp', 'WhatsApp', 'WhatsApp'),
    preview('WhatsApp (and Signal) with a version', 'WhatsApp/2.19.175 A', 'WhatsApp'),
    // ua-parser-js test fixture (test/data/ua/extension/fetcher.json), its first letter lost there.
    preview("Naver's Blueno, as logged", 'acebookexternalhit/1.1 (compatible; Blueno/1.0; +http://naver.me/scrap)', 'Blueno'),
    preview("Naver's Blueno, whole", 'facebookexternalhit/1.1 (compatible; Blueno/1.0; +http://naver.me/scrap)', 'Blueno'),
    preview('a bare Viber', 'Viber', 'Viber'),
    preview('Meta-ExternalHit', 'Mozilla/5.0 (compatible; Meta-ExternalHit/1.1; +http://www.facebook.com/externalhit_uatext.php)', 'Meta-ExternalHit'),
    preview('Tumblr', 'Tumblr/14.0.835.186', 'Tumblr'),
    preview('Misskey (Summaly)', 'SummalyBot/5.1.0', 'Misskey'),
    preview('Lemmy', 'Lemmy/0.19.8; +https://leminal.space', 'Lemmy'),
    preview('Friendica', "Friendica 'The Tazmans Flax-lily' 2019.01-1293; https://hoyer.xyz", 'Friendica'),
    preview('Matrix (Synapse)', 'Synapse (bot; +https://github.com/matrix-org/synapse)', 'Synapse'),
    preview('Mattermost', 'Mattermost-Bot/1.1', 'Mattermost'),
    preview('Discourse onebox', 'Discourse Forum Onebox v3.3.0.beta1-dev', 'Discourse'),
    preview('GroupMe', 'GroupMeBot/1.0', 'GroupMeBot'),
    preview('Chatwork', 'Chatwork LinkPreview v1', 'Chatwork'),
    preview('DingTalk', 'DingTalkBot-LinkService/1.0 (+https://open-doc.dingtalk.com/microapp/faquestions/ftpfeu)', 'DingTalkBot'),
    preview('Steam chat', 'Valve/Steam HTTP Client 1.0 (SteamChatURLLookup)', 'SteamChatURLLookup'),
    preview('Keybase', 'Mozilla/5.0 (compatible; KeybaseBot; +https://keybase.io)', 'KeybaseBot'),
    preview('Quora', 'Quora-Bot/1.0 (http://www.quora.com)', 'Quora-Bot'),
    preview('Odnoklassniki', 'OdklBot/1.0 (share@odnoklassniki.ru)', 'OdklBot'),
    preview('XING', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:15.0) Xing Bot', 'Xing'),
    preview('Flipboard', 'Mozilla/5.0 (compatible; FlipboardProxy/1.1; +http://flipboard.com/browserproxy)', 'FlipboardProxy'),
    preview('Yahoo Mail', 'Mozilla/5.0 (compatible; Yahoo Link Preview; https://help.yahoo.com/kb/mail/yahoo-link-preview-SLN23615.html)', 'Yahoo Link Preview'),
    preview('Pinterest pin fetcher without /bot.html (matomo device-detector fixture)', 'Pinterest/0.2 (+http://www.pinterest.com/)', 'Pinterest'),
    preview('any fetcher that calls itself a link preview', 'Orlo-LinkPreview/1.0', 'link preview'),
    preview('any fetcher that calls itself an unfurler', 'ClickUpLinkUnfurler/1.0 (+https://clickup.com)', 'link preview'),
  ])('$name', (row) => expectBot(row));
});

describe('precedence between the signatures and the in-app token', () => {
  const instagram = IN_APP_USER_AGENTS.instagram[0] ?? '';
  const tiktok = IN_APP_USER_AGENTS.tiktok[0] ?? '';

  it.each([
    // Synthetic: a real in-app UA with one signature appended, to pin down each rule's rank.
    crawler('a known tool beats an in-app token', `${instagram} Chrome-Lighthouse`, 'Lighthouse'),
    crawler('a crawler word beats an in-app token', `${tiktok} (compatible; ExampleSpider)`, 'ExampleSpider'),
    crawler('a contact e-mail beats an in-app token', `${tiktok} (ops@example.com)`, 'example.com'),
    preview('a link-preview name beats a crawler word and an in-app token', `${instagram} facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)`, 'facebookexternalhit'),
  ])('$name', (row) => expectBot(row));

  it('the in-app browser of each fixture is not a bot (so the cases above test the signature)', () => {
    expect(describeUserAgent(instagram)).toMatchObject({ in_app: 'instagram', bot: null });
    expect(describeUserAgent(tiktok)).toMatchObject({ in_app: 'tiktok', bot: null });
  });

  it.each([
    // isbot's own browser fixtures (fixtures/browsers.yml, "Cubot").
    'Mozilla/5.0 (Linux; Android 6.0; CUBOT MAX) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.121 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 8.0.0; CUBOT_P20) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.110 Mobile Safari/537.36',
  ])('a Cubot phone is a person: the "bot" ending its brand is not a crawler word (%s)', (ua) => {
    expect(describeUserAgent(ua).bot).toBeNull();
  });
});

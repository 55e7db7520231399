import { isbot } from 'isbot';
import { describe, expect, it } from 'vitest';
import { CACHED_USER_AGENTS, describeUserAgent, type UserAgentFacts } from './user-agent.js';

// Real User-Agent strings, as published in the test fixtures of inapp-spy, ua-parser-js and isbot,
// in the crawler documentation of each platform, or as logged by other projects.
const UA = {
  instagramIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22B83 Instagram 354.0.0.29.90 (iPhone12,8; iOS 18_1; en_US; en; scale=2.00; 750x1334; 654111336; IABMV/1)',
  instagramAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 Instagram 355.1.0.44.103 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; shiba; shiba; en_US; 658190016)',
  facebookIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22B83 [FBAN/FBIOS;FBAV/488.0.0.68.101;FBBV/658219612;FBDV/iPhone12,8;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/2;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0;IABMV/1]',
  facebookIosNoIabmv:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 11_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E302 [FBAN/FBIOS;FBAV/165.0.0.45.95;FBBV/107115338;FBDV/iPhone10,6;FBMD/iPhone;FBSN/iOS;FBSV/11.3.1;FBSS/3;FBCR/DNA;FBID/phone;FBLC/en_GB;FBOP/5;FBRV/0]',
  facebookIosMetaIab:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22G100 Safari/604.1 MetaIAB Facebook',
  facebookAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.83 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/488.0.0.62.79;IABMV/1;]',
  facebookAndroidOld:
    'Mozilla/5.0 (Linux; Android 10; SM-G975F Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/83.0.4103.106 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/275.0.0.49.127;]',
  messengerIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 11_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E302 [FBAN/MessengerForiOS;FBAV/165.0.0.45.95;FBBV/107115338;FBDV/iPhone10,6;FBMD/iPhone;FBSN/iOS;FBSV/11.3.1;FBSS/3;FBCR/DNA;FBID/phone;FBLC/en_GB;FBOP/5;FBRV/0]',
  messengerAndroid:
    'Mozilla/5.0 (Linux; Android 7.0; SM-G930F Build/NRD90M; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/57.0.2987.132 Mobile Safari/537.36 [FB_IAB/MESSENGER;FBAV/112.0.0.17.70;]',
  messengerAndroidOrca:
    'Mozilla/5.0 (Linux; Android 9; SM-G960F Build/PPR1.180610.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/74.0.3729.157 Mobile Safari/537.36 [FB_IAB/Orca-Android;FBAV/214.0.0.27.120;]',
  tiktokIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 BytedanceWebview/d8a21c6 musical_ly_33.2.1 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US FalconTag/BDB55B46-0286-4504-847E-C8300CB9F79D',
  tiktokAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240105.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.143 Mobile Safari/537.36 musical_ly_2023303040 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/33.3.4 ByteLocale/en ByteFullLocale/en Region/US AppId/1233 Spark/1.5.0.5-alpha.2 AppVersion/33.3.4 BytedanceWebview/d8a21c6',
  tiktokAndroidTrill:
    'Mozilla/5.0 (Linux; Android 10; SM-G973F Build/QQ3A.200805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/85.0.4183.101 Mobile Safari/537.36 trill_2021806060 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/18.6.6 ByteLocale/fr ByteFullLocale/fr Region/FR',
  snapchatIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Snapchat/12.72.0.39 (like Safari/8617.2.4.10.8, panda)',
  snapchatAndroid:
    'Mozilla/5.0 (Linux; Android 14; moto g play - 2024 Build/U1UD34M.16-56-2; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36 Snapchat/13.17.0.42',
  twitterIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.3.12 (KHTML, like Gecko) Mobile/14D27 Twitter for iPhone',
  linkedinIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.32.2485',
  linkedinAndroid:
    'Mozilla/5.0 (Linux; Android 16; SM-A176U Build/BP2A.250605.031; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/151.0.7922.85 Mobile Safari/537.36 [LinkedInApp]/2.312.70',
  pinterestIpad:
    'Mozilla/5.0 (iPad; CPU OS 8_4_1 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Mobile/12H321 [Pinterest/iOS]',
  pinterestAndroid:
    'Mozilla/5.0 (Linux; Android 8.0.0; SM-G965F Build/R16NW; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/70.0.3538.64 Mobile Safari/537.36 [Pinterest/Android]',
  threadsAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 Barcelona 355.0.0.39.109 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; shiba; shiba; en_US; 657318936)',
  whatsappIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 26_0_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0.1 Mobile/15E148 Safari/604.1 [WAiOS/2.25.31]',
  whatsappAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.124 Mobile Safari/537.36 [WA4A/2.25.32.75;]',
  telegramAndroid:
    'Mozilla/5.0 (Linux; Android 13; SM-A145F Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/129.0.6668.100 Mobile Safari/537.36 Telegram-Android/11.2.3 (Samsung SM-A145F; Android 13; SDK 33; AVERAGE)',
  lineAndroid:
    'Mozilla/5.0 (Linux; Android 6.0.1; D6653 Build/23.5.A.0.575; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/58.0.3029.83 Mobile Safari/537.36 Line/7.4.0/IAB',
  wechatIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 (KHTML, like Gecko) Mobile/14D27 MicroMessenger/6.5.8 NetType/WIFI Language/zh_CN',
  googleAppIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/334.0.674067880 Mobile/15E148 Safari/604.1',

  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  ipadSafari:
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  androidTabletChrome:
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  windowsChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  macSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  chromebook:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  samsungTv:
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
  playstation5:
    'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15',
  galaxyWatch:
    'Mozilla/5.0 (Linux; Android 12; SM-R890) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/100.0.0.0 Mobile Safari/537.36',

  facebookexternalhit: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  facebot: 'Facebot',
  imessagePreview:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  metaExternalFetcher: 'meta-externalfetcher/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)',
  twitterbot: 'Twitterbot/1.0',
  whatsappPreview: 'WhatsApp/2.23.20.0',
  whatsappPreviewAndroid: 'WhatsApp/2.24.8.77 A',
  whatsappPreviewIos: 'WhatsApp/2.21.12.21 i',
  slackbotLinkExpanding: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  slackbot: 'Slackbot 1.0 (+https://api.slack.com/robots)',
  slackImgProxy: 'Slack-ImgProxy (+https://api.slack.com/robots)',
  discordbot: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  telegramBot: 'TelegramBot (like TwitterBot)',
  linkedinBot: 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  pinterestbot: 'Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)',
  pinterestOldBot: 'Pinterest/0.2 (+http://www.pinterest.com/bot.html)',
  skypeUriPreview: 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
  iframely: 'Iframely/1.3.1 (+https://iframely.com/docs/about)',
  embedly: 'Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)',
  vkShare: 'Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)',
  redditbot: 'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)',
  snapUrlPreview: 'Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots',
  googlePageRenderer:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 Safari/537.36 Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)',

  applebot:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  googlebotSmartphone:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingbot: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  gptbot: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  curl: 'curl/8.4.0',
  wget: 'Wget/1.21.4',
  pythonRequests: 'python-requests/2.31.0',
  goHttpClient: 'Go-http-client/1.1',
  goHttpClient2: 'Go-http-client/2.0',
  headlessChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36',
} as const;

type Row = { name: string; ua: string } & UserAgentFacts;

const human = (
  device_type: UserAgentFacts['device_type'],
  os: string | null,
  browser: string | null,
  in_app: string | null,
): UserAgentFacts => ({ device_type, os, browser, in_app, bot: null });

const preview = (detail: string, device_type: UserAgentFacts['device_type'] = 'other', os: string | null = null, browser: string | null = null): UserAgentFacts => ({
  device_type,
  os,
  browser,
  in_app: null,
  bot: { reason: 'link_preview', detail },
});

const crawler = (detail: string, device_type: UserAgentFacts['device_type'] = 'other', os: string | null = null, browser: string | null = null): UserAgentFacts => ({
  device_type,
  os,
  browser,
  in_app: null,
  bot: { reason: 'crawler', detail },
});

describe('describeUserAgent: in-app browsers are people, with their platform', () => {
  const rows: Row[] = [
    { name: 'Instagram on iOS', ua: UA.instagramIos, ...human('mobile', 'iOS', 'Instagram', 'instagram') },
    { name: 'Instagram on Android', ua: UA.instagramAndroid, ...human('mobile', 'Android', 'Instagram', 'instagram') },
    { name: 'Facebook on iOS (FBAN/FBIOS)', ua: UA.facebookIos, ...human('mobile', 'iOS', 'Facebook', 'facebook') },
    { name: 'Facebook on iOS without IABMV (inapp-spy alone would say messenger)', ua: UA.facebookIosNoIabmv, ...human('mobile', 'iOS', 'Facebook', 'facebook') },
    { name: 'Facebook on iOS, new "MetaIAB Facebook" token (found by the inapp-spy fallback)', ua: UA.facebookIosMetaIab, ...human('mobile', 'iOS', 'Safari', 'facebook') },
    { name: 'Facebook on Android (FB_IAB/FB4A)', ua: UA.facebookAndroid, ...human('mobile', 'Android', 'Facebook', 'facebook') },
    { name: 'Facebook on Android without IABMV (inapp-spy alone would say messenger)', ua: UA.facebookAndroidOld, ...human('mobile', 'Android', 'Facebook', 'facebook') },
    { name: 'Messenger on iOS (FBAN/MessengerForiOS)', ua: UA.messengerIos, ...human('mobile', 'iOS', 'Facebook', 'messenger') },
    { name: 'Messenger on Android (FB_IAB/MESSENGER)', ua: UA.messengerAndroid, ...human('mobile', 'Android', 'Facebook', 'messenger') },
    { name: 'Messenger on Android (FB_IAB/Orca-Android)', ua: UA.messengerAndroidOrca, ...human('mobile', 'Android', 'Facebook', 'messenger') },
    { name: 'TikTok on iOS (musical_ly, BytedanceWebview)', ua: UA.tiktokIos, ...human('mobile', 'iOS', 'TikTok', 'tiktok') },
    { name: 'TikTok on Android (musical_ly)', ua: UA.tiktokAndroid, ...human('mobile', 'Android', 'TikTok', 'tiktok') },
    { name: 'TikTok on Android, trill build', ua: UA.tiktokAndroidTrill, ...human('mobile', 'Android', 'TikTok', 'tiktok') },
    { name: 'Snapchat on iOS', ua: UA.snapchatIos, ...human('mobile', 'iOS', 'Snapchat', 'snapchat') },
    { name: 'Snapchat on Android', ua: UA.snapchatAndroid, ...human('mobile', 'Android', 'Snapchat', 'snapchat') },
    { name: 'X (Twitter for iPhone) web view', ua: UA.twitterIos, ...human('mobile', 'iOS', 'WebKit', 'x') },
    { name: 'LinkedIn app on iOS', ua: UA.linkedinIos, ...human('mobile', 'iOS', 'LinkedIn', 'linkedin') },
    { name: 'LinkedIn app on Android', ua: UA.linkedinAndroid, ...human('mobile', 'Android', 'LinkedIn', 'linkedin') },
    { name: 'Pinterest app on iPad', ua: UA.pinterestIpad, ...human('tablet', 'iOS', 'WebKit', 'pinterest') },
    { name: 'Pinterest app on Android', ua: UA.pinterestAndroid, ...human('mobile', 'Android', 'Chrome WebView', 'pinterest') },
    { name: 'Threads (Barcelona) on Android', ua: UA.threadsAndroid, ...human('mobile', 'Android', 'Chrome WebView', 'threads') },
    { name: 'WhatsApp in-app browser on iOS (WAiOS)', ua: UA.whatsappIos, ...human('mobile', 'iOS', 'Mobile Safari', 'whatsapp') },
    { name: 'WhatsApp in-app browser on Android (WA4A)', ua: UA.whatsappAndroid, ...human('mobile', 'Android', 'Chrome', 'whatsapp') },
    { name: 'Telegram in-app browser on Android', ua: UA.telegramAndroid, ...human('mobile', 'Android', 'Chrome WebView', 'telegram') },
    { name: 'LINE in-app browser on Android', ua: UA.lineAndroid, ...human('mobile', 'Android', 'Line', 'line') },
    { name: 'WeChat in-app browser on iOS', ua: UA.wechatIos, ...human('mobile', 'iOS', 'WeChat', 'wechat') },
    { name: 'Google app on iOS is not a platform we report', ua: UA.googleAppIos, ...human('mobile', 'iOS', 'GSA', null) },
  ];
  it.each(rows)('$name', ({ name: _name, ua, ...expected }) => {
    expect(describeUserAgent(ua)).toEqual(expected);
  });
});

describe('describeUserAgent: browsers and devices', () => {
  const rows: Row[] = [
    { name: 'iPhone Safari', ua: UA.iphoneSafari, ...human('mobile', 'iOS', 'Mobile Safari', null) },
    { name: 'iPad Safari', ua: UA.ipadSafari, ...human('tablet', 'iOS', 'Mobile Safari', null) },
    { name: 'Android Chrome (reduced UA)', ua: UA.androidChrome, ...human('mobile', 'Android', 'Chrome', null) },
    { name: 'Android tablet Chrome', ua: UA.androidTabletChrome, ...human('tablet', 'Android', 'Chrome', null) },
    { name: 'Chrome on Windows', ua: UA.windowsChrome, ...human('desktop', 'Windows', 'Chrome', null) },
    { name: 'Firefox on Linux', ua: UA.linuxFirefox, ...human('desktop', 'Linux', 'Firefox', null) },
    { name: 'Safari on macOS (also an iPad in desktop mode)', ua: UA.macSafari, ...human('desktop', 'Mac OS', 'Safari', null) },
    { name: 'Edge on Windows', ua: UA.windowsEdge, ...human('desktop', 'Windows', 'Edge', null) },
    { name: 'Chrome on a Chromebook', ua: UA.chromebook, ...human('desktop', 'Chromium OS', 'Chrome', null) },
    { name: 'smart TV → other', ua: UA.samsungTv, ...human('other', 'Tizen', 'Safari', null) },
    { name: 'game console → other', ua: UA.playstation5, ...human('other', 'PlayStation', 'Safari', null) },
    { name: 'watch → other', ua: UA.galaxyWatch, ...human('other', 'Android', 'Chrome', null) },
  ];
  it.each(rows)('$name', ({ name: _name, ua, ...expected }) => {
    expect(describeUserAgent(ua)).toEqual(expected);
  });
});

describe('describeUserAgent: link-preview fetchers', () => {
  const rows: Row[] = [
    { name: 'facebookexternalhit', ua: UA.facebookexternalhit, ...preview('facebookexternalhit') },
    { name: 'Facebot', ua: UA.facebot, ...preview('Facebot') },
    { name: 'iMessage preview (Safari + facebookexternalhit + Twitterbot)', ua: UA.imessagePreview, ...preview('facebookexternalhit', 'desktop', 'Mac OS', 'Safari') },
    { name: 'meta-externalfetcher', ua: UA.metaExternalFetcher, ...preview('meta-externalfetcher') },
    { name: 'Twitterbot', ua: UA.twitterbot, ...preview('Twitterbot') },
    { name: 'WhatsApp preview fetcher', ua: UA.whatsappPreview, ...preview('WhatsApp') },
    { name: 'WhatsApp preview fetcher, Android suffix', ua: UA.whatsappPreviewAndroid, ...preview('WhatsApp') },
    { name: 'WhatsApp preview fetcher, iOS suffix', ua: UA.whatsappPreviewIos, ...preview('WhatsApp') },
    { name: 'Slackbot-LinkExpanding', ua: UA.slackbotLinkExpanding, ...preview('Slackbot-LinkExpanding') },
    { name: 'Slackbot', ua: UA.slackbot, ...preview('Slackbot') },
    { name: 'Slack-ImgProxy', ua: UA.slackImgProxy, ...preview('Slack-ImgProxy') },
    { name: 'Discordbot', ua: UA.discordbot, ...preview('Discordbot') },
    { name: 'TelegramBot (its UA also says TwitterBot)', ua: UA.telegramBot, ...preview('TelegramBot') },
    { name: 'LinkedInBot', ua: UA.linkedinBot, ...preview('LinkedInBot') },
    { name: 'Pinterestbot', ua: UA.pinterestbot, ...preview('Pinterestbot') },
    { name: 'Pinterest/0.2 bot (not the Pinterest app)', ua: UA.pinterestOldBot, ...preview('Pinterest') },
    { name: 'SkypeUriPreview', ua: UA.skypeUriPreview, ...preview('SkypeUriPreview', 'desktop', 'Windows') },
    { name: 'Iframely', ua: UA.iframely, ...preview('Iframely') },
    { name: 'Embedly', ua: UA.embedly, ...preview('Embedly') },
    { name: 'vkShare', ua: UA.vkShare, ...preview('vkShare') },
    { name: 'redditbot', ua: UA.redditbot, ...preview('redditbot') },
    { name: 'Snap URL Preview', ua: UA.snapUrlPreview, ...preview('Snap URL Preview') },
    { name: 'Google-PageRenderer (snippet of a shared link)', ua: UA.googlePageRenderer, ...preview('Google-PageRenderer', 'desktop', 'Linux', 'Chrome') },
  ];
  it.each(rows)('$name', ({ name: _name, ua, ...expected }) => {
    expect(describeUserAgent(ua)).toEqual(expected);
  });
});

describe('describeUserAgent: crawlers and HTTP clients', () => {
  const rows: Row[] = [
    { name: 'Googlebot desktop', ua: UA.googlebot, ...crawler('Googlebot') },
    { name: 'Googlebot smartphone', ua: UA.googlebotSmartphone, ...crawler('Googlebot', 'mobile', 'Android', 'Chrome') },
    { name: 'bingbot', ua: UA.bingbot, ...crawler('bingbot') },
    { name: 'Applebot is a search crawler', ua: UA.applebot, ...crawler('Applebot', 'desktop', 'Mac OS', 'Safari') },
    { name: 'GPTBot', ua: UA.gptbot, ...crawler('GPTBot', 'other', null, 'WebKit') },
    { name: 'curl', ua: UA.curl, ...crawler('curl') },
    { name: 'Wget', ua: UA.wget, ...crawler('Wget') },
    { name: 'python-requests', ua: UA.pythonRequests, ...crawler('python-requests') },
    { name: 'Go-http-client/1.1', ua: UA.goHttpClient, ...crawler('Go-http-client') },
    { name: 'Go-http-client/2.0', ua: UA.goHttpClient2, ...crawler('Go-http-client') },
    { name: 'headless Chrome', ua: UA.headlessChrome, ...crawler('HeadlessChrome', 'desktop', 'Linux', 'Chrome Headless') },
  ];
  it.each(rows)('$name', ({ name: _name, ua, ...expected }) => {
    expect(describeUserAgent(ua)).toEqual(expected);
  });
});

describe('describeUserAgent: policy', () => {
  it.each([
    { name: 'Instagram', ua: UA.instagramIos },
    { name: 'Facebook', ua: UA.facebookAndroid },
    { name: 'TikTok', ua: UA.tiktokIos },
    { name: 'Pinterest', ua: UA.pinterestAndroid },
    { name: 'LinkedIn', ua: UA.linkedinIos },
  ])('isbot itself does not flag the $name in-app browser (the dependency agrees with us)', ({ ua }) => {
    expect(isbot(ua)).toBe(false);
  });

  it.each([
    { name: 'empty', ua: '' },
    { name: 'whitespace only', ua: '   ' },
  ])('an $name UA is device "other", all null, not a bot (the pipeline flags it)', ({ ua }) => {
    expect(describeUserAgent(ua)).toEqual({ device_type: 'other', os: null, browser: null, in_app: null, bot: null });
  });

  it.each([
    // Synthetic: an in-app UA that also leaves a contact URL is a crawler dressed as the app.
    { name: 'a contact URL beats an in-app token', ua: `${UA.instagramIos} (+http://example.com)`, expected: { in_app: null, bot: { reason: 'crawler', detail: 'example.com' } } },
    // Synthetic: a word that isbot alone takes for a bot ("Download") does not outweigh the in-app token.
    { name: 'an in-app token beats a weaker isbot pattern', ua: `${UA.instagramIos} Download`, expected: { in_app: 'instagram', bot: null } },
    // Synthetic: Instagram builds have shipped Facebook tokens alongside their own.
    { name: 'Instagram wins over Facebook tokens in the same UA', ua: `${UA.instagramAndroid} [FB_IAB/FB4A;FBAV/488.0.0.62.79;]`, expected: { in_app: 'instagram', bot: null } },
    { name: 'a link-preview name beats an in-app token', ua: 'facebookexternalhit/1.1 Instagram', expected: { in_app: null, bot: { reason: 'link_preview', detail: 'facebookexternalhit' } } },
    { name: 'a WhatsApp token after a browser token is the in-app browser, not the fetcher', ua: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 WhatsApp/2.24.3.78', expected: { in_app: 'whatsapp', bot: null } },
    { name: 'unknown garbage is neither a browser nor a bot platform', ua: '\u0000(((;;', expected: { in_app: null } },
  ])('$name', ({ ua, expected }) => {
    expect(describeUserAgent(ua)).toMatchObject(expected);
  });

  it('returns the same frozen object for the same UA (LRU cache)', () => {
    const first = describeUserAgent(UA.windowsChrome);
    const second = describeUserAgent(`${UA.windowsChrome}`.slice(0));
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const bot = describeUserAgent(UA.googlebot).bot;
    expect(Object.isFrozen(bot)).toBe(true);
  });

  it('keeps at most CACHED_USER_AGENTS UAs: past that, the least recently used is parsed again (a new object, the same facts)', () => {
    const first = describeUserAgent(`${UA.iphoneSafari} first`);
    for (let i = 0; i < CACHED_USER_AGENTS - 1; i++) describeUserAgent(`${UA.iphoneSafari} ${i}`);
    expect(describeUserAgent(`${UA.iphoneSafari} first`)).toBe(first); // still held (and now the most recent)
    for (let i = 0; i < CACHED_USER_AGENTS; i++) describeUserAgent(`${UA.iphoneSafari} other ${i}`);
    const again = describeUserAgent(`${UA.iphoneSafari} first`);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('does not throw on a very long UA and still classifies it', () => {
    const long = `${UA.androidChrome} ${'x'.repeat(20_000)}`;
    expect(describeUserAgent(long)).toMatchObject({ device_type: 'mobile', os: 'Android' });
  });
});

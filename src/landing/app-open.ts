// Opening the service's app rather than its web player, for a fan inside the in-app browser of
// Instagram, Facebook, Messenger or TikTok. Those browsers keep a plain redirect to
// open.spotify.com inside themselves (a universal link / App Link is handed to the app only on
// some taps, never on a redirect), so the fan lands on a web player, often signed out.
//
//   Android  a 302 to an intent: URL naming the service's app package, with the web URL as
//            S.browser_fallback_url: Android opens the app at that very page when it is installed
//            and can show it; otherwise the fallback is loaded.
//   iOS      a tiny page that navigates to the service's own URI scheme (spotify:album:…, from the
//            catalogue resolver; only that app's schemes: links/app-uri.ts) and, if the page is
//            still showing 1.5 s later (no app took the URI), replaces itself with the web URL.
//            Without an app URI, or when the fan's country has its own link (a storefront the
//            app URI does not name): the plain 302.
//   Others   (and outside these in-app browsers) the plain 302 to the web URL: in Safari, Chrome
//            and the like, universal links and App Links then work as the OS allows.
// Every branch comes after the click is recorded (routes.ts): what differs is only the answer.
import { appUriFor } from '../links/app-uri.js';
import type { ServiceLink } from '../links/smartlink.js';
import type { AppPlatform } from '../config.js';
import type { FanOs } from '../links/routing.js';

/** In-app browsers (user-agent.ts keys) whose taps try the app. */
export const APP_OPENING_IN_APPS: ReadonlySet<string> = new Set(['instagram', 'facebook', 'messenger', 'tiktok']);

/**
 * Android application ids of the services that have an app, as published on Google Play
 * (https://play.google.com/store/apps/details?id=<id>). The app is opened with the web URL: each
 * of these apps declares its own web host in its intent filters.
 */
export const ANDROID_PACKAGES: Readonly<Record<string, string>> = {
  spotify: 'com.spotify.music',
  'apple-music': 'com.apple.android.music',
  deezer: 'deezer.android.app',
  'youtube-music': 'com.google.android.apps.youtube.music',
  'amazon-music': 'com.amazon.mp3',
  tidal: 'com.aspiro.tidal',
  soundcloud: 'com.soundcloud.android',
  bandcamp: 'com.bandcamp.android',
  pandora: 'com.pandora.android',
  anghami: 'com.anghami',
  qobuz: 'com.qobuz.music',
  audiomack: 'com.audiomack',
};

/** How a click is answered, once recorded. */
export type ServiceAnswer =
  | { readonly kind: 'web'; readonly location: string }
  | { readonly kind: 'intent'; readonly location: string; readonly web: string }
  | { readonly kind: 'app-uri'; readonly appUri: string; readonly web: string };

export interface AppOpeningFan {
  /** The in-app browser the tap came from (user-agent.ts), null for a browser. */
  readonly inApp: string | null;
  readonly os: FanOs;
  /** ISO code from GeoIP, null when unknown. */
  readonly country: string | null;
}

/**
 * The answer to a click on `link` whose web destination is `web` (already chosen for the fan's
 * country and normalised). `platforms`: where app opening is on (APP_OPENING).
 */
export function serviceAnswer(link: ServiceLink, web: string, fan: AppOpeningFan, platforms: ReadonlySet<AppPlatform>): ServiceAnswer {
  const plain = { kind: 'web', location: web } as const;
  if (fan.inApp === null || !APP_OPENING_IN_APPS.has(fan.inApp)) return plain;
  if (fan.os === 'android' && platforms.has('android')) {
    const pkg = ANDROID_PACKAGES[link.service];
    const intent = pkg ? androidIntentUrl(web, pkg) : null;
    return intent ? { kind: 'intent', location: intent, web } : plain;
  }
  if (fan.os === 'ios' && platforms.has('ios')) {
    // A per-country link is another storefront (music.apple.com/fr/…): the app URI names the default one.
    const storefront = fan.country !== null && link.countries?.[fan.country] !== undefined;
    const appUri = storefront ? null : appUriFor(link.service, link.appUris?.ios);
    return appUri ? { kind: 'app-uri', appUri, web } : plain;
  }
  return plain;
}

/**
 * `intent://<host><path>?<query>#Intent;scheme=https;package=<pkg>;S.browser_fallback_url=<web>;end`
 * (Chrome's intent syntax, https://developer.chrome.com/docs/android/intents). The web URL's own
 * fragment cannot be carried (the intent's part starts at '#'); it is kept in the fallback.
 * Null for a URL that is not http(s).
 */
export function androidIntentUrl(web: string, pkg: string): string | null {
  let url: URL;
  try {
    url = new URL(web);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const scheme = url.protocol.slice(0, -1);
  return `intent://${url.host}${url.pathname}${url.search}#Intent;scheme=${scheme};package=${pkg};S.browser_fallback_url=${encodeURIComponent(web)};end`;
}

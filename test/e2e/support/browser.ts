// The system Chromium, driven by playwright-core: one browser per test file, one context per
// visitor (their address through the trusted proxy, their language, their tag hosts' behaviour).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServiceServer, type ServiceServer } from './services.js';
import { installTagRoutes, tagModes, type TagMode, type TagModes, type TagRouting } from './tag-stubs.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Visitors' addresses in the bundled GeoLite2 data. */
export const VISITOR_IPS = {
  GB: '81.2.69.142',
  FR: '92.184.105.98',
  US: '216.160.83.56',
} as const;

export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export interface LaunchOptions {
  /**
   * Playwright starts Chromium with --disable-back-forward-cache; `bfcache: true` leaves it out,
   * so that a page can be restored from the back/forward cache as in a user's browser.
   */
  readonly bfcache?: boolean;
}

export interface E2EBrowser {
  readonly browser: Browser;
  /** Where the streaming-service hosts lead. */
  readonly services: ServiceServer;
  close(): Promise<void>;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<E2EBrowser> {
  const services = await startServiceServer();
  // chromium.launch gives the browser a fresh, throwaway user-data directory.
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, services.resolverRules],
      ignoreDefaultArgs: options.bfcache ? ['--disable-back-forward-cache'] : [],
    })
    .catch(async (err: unknown) => {
      await services.close();
      throw err;
    });
  return {
    browser,
    services,
    async close() {
      await browser.close().catch(() => undefined);
      await services.close();
    },
  };
}

export interface VisitorOptions {
  /** http://127.0.0.1:port of the server under test: the only origin that is not stubbed. */
  readonly origin: string;
  /** The visitor's address, sent as X-Forwarded-For (the server trusts the proxy). */
  readonly ip?: string;
  /** Accept-Language; also sets the browser locale to its first language. */
  readonly acceptLanguage?: string;
  readonly userAgent?: string;
  readonly tags?: TagMode | Partial<TagModes>;
  readonly javaScriptEnabled?: boolean;
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

export interface Visitor {
  readonly context: BrowserContext;
  readonly tags: TagRouting;
  /** A new tab in this visitor's context. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh browser context (no cookies) for one visitor, with the tag hosts routed to stubs. */
export async function openVisitor(browser: E2EBrowser, options: VisitorOptions): Promise<Visitor> {
  // Note: Chromium does not add these to a beacon sent on pagehide (server.ts counts beacons by body).
  const headers: Record<string, string> = { ...options.extraHeaders };
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  if (options.acceptLanguage) headers['accept-language'] = options.acceptLanguage;
  const locale = options.acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  const context = await browser.browser.newContext({
    extraHTTPHeaders: headers,
    userAgent: options.userAgent ?? DESKTOP_UA,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    serviceWorkers: 'block',
    ignoreHTTPSErrors: true, // the service server's certificate is self-signed
    ...(locale ? { locale } : {}),
  });
  const tags = await installTagRoutes(context, options.origin, tagModes(options.tags));
  return {
    context,
    tags,
    newPage: () => context.newPage(),
    async close() {
      await tags.release();
      await context.close().catch(() => undefined);
    },
  };
}

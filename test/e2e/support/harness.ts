// One browser and one listening server per test file; visitors (browser contexts) per test,
// closed after it. Helpers to open a smartlink page as a visitor and read its headers.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { launchBrowser, openVisitor, type E2EBrowser, type LaunchOptions, type Visitor, type VisitorOptions } from './browser.js';
import { createTaggedLink, startE2EServer, type E2EServer, type TaggedLink } from './server.js';
import type { TagName } from './tag-stubs.js';

export interface Visit {
  readonly page: Page;
  readonly response: Response;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface E2E {
  readonly server: E2EServer;
  readonly origin: string;
  /** A new visitor (fresh context, no cookies), closed after the test. */
  visitor(options?: Omit<VisitorOptions, 'origin'>): Promise<Visitor>;
  /** Opens `path` in a new tab of `visitor`; resolves at DOMContentLoaded (hanging tags delay `load`). */
  visit(visitor: Visitor, path: string): Promise<Visit>;
  link(options?: Parameters<typeof createTaggedLink>[1]): Promise<TaggedLink>;
}

/** `serverEnv`: more configuration for the server, read when it starts (after the file's earlier beforeAll hooks). */
export function useE2E(options: LaunchOptions = {}, serverEnv: () => Record<string, string> = () => ({})): E2E {
  let server: E2EServer | undefined;
  let browser: E2EBrowser | undefined;
  let visitors: Visitor[] = [];

  beforeAll(async () => {
    server = await startE2EServer(serverEnv());
    browser = await launchBrowser(options);
  });
  afterEach(async () => {
    const open = visitors;
    visitors = [];
    for (const v of open) await v.close();
  });
  afterAll(async () => {
    for (const v of visitors) await v.close();
    await browser?.close();
    await server?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is not started (beforeAll failed?)`);
    return value;
  };

  return {
    get server() {
      return need(server, 'the server');
    },
    get origin() {
      return need(server, 'the server').origin;
    },
    async visitor(visitorOptions = {}) {
      const v = await openVisitor(need(browser, 'the browser'), { origin: need(server, 'the server').origin, ...visitorOptions });
      visitors.push(v);
      return v;
    },
    async visit(visitor, path) {
      const page = await visitor.newPage();
      const response = await page.goto(need(server, 'the server').origin + path, { waitUntil: 'domcontentloaded' });
      if (!response) throw new Error(`no response for ${path}`);
      return { page, response, html: await response.text(), headers: response.headers() };
    },
    link(linkOptions) {
      return createTaggedLink(need(server, 'the server'), linkOptions);
    },
  };
}

/** The tokens of one CSP directive, [] when absent. */
export function cspDirective(csp: string | undefined, name: string): string[] {
  for (const directive of (csp ?? '').split(';')) {
    const [head, ...tokens] = directive.trim().split(/\s+/);
    if (head === name) return tokens;
  }
  return [];
}

export const TAG_HOSTS: Readonly<Record<TagName, string>> = {
  gtm: 'https://www.googletagmanager.com',
  ga4: 'https://www.googletagmanager.com',
  meta: 'https://connect.facebook.net',
  tiktok: 'https://analytics.tiktok.com',
};

const LOADED_FLAG: Readonly<Record<TagName, string>> = { gtm: 'gtmLoaded', ga4: 'gtagLoaded', meta: 'fbqLoaded', tiktok: 'ttqLoaded' };

/** Waits (bounded) until the stub libraries of `tags` have run in the page. */
export async function waitForStubs(page: Page, tags: readonly TagName[], timeoutMs = 5_000): Promise<void> {
  const flags = tags.map((t) => LOADED_FLAG[t]);
  await page.waitForFunction((names) => {
    const s = (window as unknown as { __stub?: Record<string, unknown> }).__stub;
    return !!s && names.every((n) => s[n] === true);
  }, flags, { timeout: timeoutMs });
}

/** Waits (bounded) until the page script has wired the service links (it marks <html data-dt="ready">). */
export async function waitForDecoratedLinks(page: Page, timeoutMs = 5_000): Promise<void> {
  await page.waitForFunction(() => document.documentElement.getAttribute('data-dt') === 'ready', undefined, { timeout: timeoutMs });
}

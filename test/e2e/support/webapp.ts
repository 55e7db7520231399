// The web app in a browser: staff users (master, client, viewer) signed in through the sign-in
// page, in their own browser context, with every console error (a CSP violation among them) and
// every request leaving the server's origin recorded, so a test can say there were none.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createUser, type Role, type User } from '../../../src/auth/users.js';
import type { E2E } from './harness.js';
import type { E2EServer } from './server.js';

export const STAFF_PASSWORD = 'correct horse battery staple';

let sequence = 0;

/** A user with STAFF_PASSWORD (a master when clientId is null). */
export async function addStaff(server: E2EServer, role: Role, clientId: string | null, email?: string): Promise<User> {
  sequence += 1;
  return createUser(server.t.ctx.database.db, { email: email ?? `${role}-${process.pid}-${sequence}@agency.test`, password: STAFF_PASSWORD, role, clientId: role === 'master' ? null : clientId });
}

export interface StaffPage {
  readonly page: Page;
  /** Console errors of the page (CSP violations are reported there). */
  readonly consoleErrors: string[];
  /** Requests to any origin but the server's (the app must make none: no CDN, no font host). */
  readonly foreignRequests: string[];
}

export interface StaffOptions {
  /** 375 for a phone. */
  readonly width?: number;
  /** The path to open (inside the origin); default /app/. */
  readonly path?: string;
  /** The browser's languages (Accept-Language and navigator.languages), e.g. 'fr-FR,fr'; default: the browser's (English). */
  readonly acceptLanguage?: string;
}

/** Opens the app in a fresh context (no cookies) and returns the page, not signed in. */
export async function openApp(e2e: E2E, options: StaffOptions = {}): Promise<StaffPage> {
  const visitor = await e2e.visitor(options.acceptLanguage ? { acceptLanguage: options.acceptLanguage } : {});
  const page = await visitor.newPage();
  page.setDefaultTimeout(10_000); // well within the test's own timeout, so a failure names its step
  if (options.width) await page.setViewportSize({ width: options.width, height: 800 });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await page.goto(e2e.origin + (options.path ?? '/app/'));
  return { page, consoleErrors, foreignRequests: visitor.tags.others };
}

/** Signs in through the form; resolves once the signed-in shell is shown. */
export async function signIn(e2e: E2E, email: string, options: StaffOptions = {}): Promise<StaffPage> {
  const staff = await openApp(e2e, options);
  await submitSignIn(staff.page, email, STAFF_PASSWORD);
  await staff.page.locator('.user-menu').waitFor();
  return staff;
}

/** Signs in through the form, in English or French (a French browser gets the French form). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel(/^(Email|E-mail)$/).fill(email);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
}

/** What only a failing app would have: CSP violations, script errors, requests off the origin. */
export function expectCleanPage(staff: StaffPage): void {
  // The API's 4xx answers the app shows (a refused id, another client's resource) are logged by
  // the browser as failed loads: those are expected.
  const errors = staff.consoleErrors.filter((e) => !/^Failed to load resource: the server responded with a status of 4\d\d/.test(e));
  expect(errors).toEqual([]);
  expect(staff.foreignRequests).toEqual([]);
}

/** A JSON GET through the page's own session (as the app would make it). */
export async function apiFromPage(page: Page, path: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, `/api/v1${path}`);
}

/** expect.poll with a bound that suits a browser on a busy machine (vitest's default is 1 s). */
export function eventually<T>(probe: () => T | Promise<T>, timeoutMs = 5_000) {
  return expect.poll(probe, { timeout: timeoutMs, interval: 100 });
}

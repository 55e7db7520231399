// "Forgot your password?", on every database: the same answer whether the address has an account
// or not, a one-time link mailed (valid one hour), a new password that ends every session of the
// user and signs this browser in; limited per address and per account; audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { RESET_TTL_MS, RESETS_PER_HOUR } from '../../src/auth/password-resets.js';
import { createUser } from '../../src/auth/users.js';
import { RESET_REQUESTS_PER_MINUTE } from '../../src/api/password-reset.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { linkIn, startMailServer, type MailServer } from '../support/mail-server.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(DIALECTS)('password reset on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let mail: MailServer;
  let userId: string;
  let addresses = 0;

  const ask = (email: string, ip = `203.0.113.${++addresses}`) => t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email }, remoteAddress: ip });
  const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'rita@example.test', password }, remoteAddress: `198.51.100.${++addresses}` });
  const tokenOf = (link: string) => link.split('/').pop()!;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    mail = await startMailServer();
    t = await startTestApp(database, { SMTP_URL: mail.url });
    userId = (await createUser(t.ctx.database.db, { email: 'rita@example.test', password: PASSWORD, role: 'master' })).id;
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
    await database.cleanup();
  });

  it('answers alike for an unknown address and mails nothing', async () => {
    const unknown = await ask('nobody@example.test');
    const known = await ask('Rita@Example.test');
    expect([unknown.statusCode, known.statusCode]).toEqual([202, 202]);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    await mail.next('rita@example.test');
    await new Promise((r) => setTimeout(r, 200));
    expect(mail.mails.some((m) => m.to === 'nobody@example.test')).toBe(false);
  });

  it('sets a new password with the link, once, ending every session and signing in', async () => {
    const old = await signIn(PASSWORD);
    const oldCookie = String([old.headers['set-cookie']].flat()[0]).split(';')[0]!;
    await ask('rita@example.test');
    const link = linkIn(await mail.next('rita@example.test'), '/app/reset/');
    expect(link).toMatch(/\/app\/reset\/[\w-]{43}$/);
    expect((await t.app.inject({ url: `/api/v1/auth/password-reset/${tokenOf(link)}` })).json()).toEqual({ email: 'rita@example.test' });
    const short = await t.app.inject({ method: 'POST', url: `/api/v1/auth/password-reset/${tokenOf(link)}`, payload: { password: 'short' } });
    expect(short.statusCode).toBe(400);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/auth/password-reset/${tokenOf(link)}`, payload: { password: NEW_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'rita@example.test', role: 'master' });
    const cookie = String([res.headers['set-cookie']].flat()[0]).split(';')[0]!;
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: oldCookie } })).statusCode).toBe(401);
    expect((await signIn(PASSWORD)).statusCode).toBe(401);
    expect((await signIn(NEW_PASSWORD)).statusCode).toBe(200);
    // Once only.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/auth/password-reset/${tokenOf(link)}`, payload: { password: PASSWORD } })).statusCode).toBe(404);
    const key = (await createApiKey(t.ctx.database.db, { clientId: null, name: 'm' })).key;
    const audit = (await t.app.inject({ url: '/api/v1/audit', headers: { authorization: `Bearer ${key}` } })).json().data as { action: string; target: string; actor: string }[];
    expect(audit.filter((e) => e.target === userId).map((e) => `${e.actor} ${e.action}`).slice(0, 2)).toEqual([`user:${userId} user.password_reset`, 'anonymous user.password_reset.request']);
  });

  it('refuses an expired link, while a newer one works', async () => {
    await t.ctx.database.db.deleteFrom('password_resets').execute();
    await ask('rita@example.test');
    const first = tokenOf(linkIn(await mail.next('rita@example.test'), '/app/reset/'));
    await ask('rita@example.test');
    const second = tokenOf(linkIn(await mail.next('rita@example.test'), '/app/reset/'));
    await t.ctx.database.db.updateTable('password_resets').set({ expires_at: Date.now() - 1 }).where('created_at', '=', (await t.ctx.database.db.selectFrom('password_resets').select('created_at').orderBy('created_at').executeTakeFirstOrThrow()).created_at).execute();
    expect((await t.app.inject({ url: `/api/v1/auth/password-reset/${first}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/auth/password-reset/${second}`, payload: { password: PASSWORD } })).statusCode).toBe(200);
    expect(RESET_TTL_MS).toBe(3_600_000);
  });

  it(`mails at most ${RESETS_PER_HOUR} links an hour per account, and limits requests per address`, async () => {
    await t.ctx.database.db.deleteFrom('password_resets').execute();
    const before = mail.mails.length;
    for (let i = 0; i < RESETS_PER_HOUR + 2; i++) expect((await ask('rita@example.test')).statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(mail.mails.length - before).toBe(RESETS_PER_HOUR);
    const statuses: number[] = [];
    for (let i = 0; i <= RESET_REQUESTS_PER_MINUTE; i++) statuses.push((await ask('someone@example.test', '192.0.2.77')).statusCode);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, RESET_REQUESTS_PER_MINUTE).every((s) => s === 202)).toBe(true);
  });

  it('refuses bad input with a 4xx', async () => {
    expect((await ask('')).json()).toMatchObject({ error: 'validation_failed' });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/bad', payload: { password: NEW_PASSWORD } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'a@b.test', extra: 1 } })).statusCode).toBe(400);
  });
});

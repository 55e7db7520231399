// The sign-in throttle on every database: parallel guesses cannot all be checked, a guesser at one
// address never keeps the owner out at another, nor at the same address on a device the owner
// signed in on before (its device cookie), known and unknown emails answer alike, the backoff
// grows and expires, and the current password on a change shares it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordChecks, type LoginResult, type PasswordChecks } from '../../src/auth/login.js';
import { ACCOUNT_AT_ADDRESS, ADDRESS, KNOWN_DEVICE } from '../../src/auth/login-throttle.js';
import { SIGN_IN_REQUESTS_PER_MINUTE } from '../../src/api/auth.js';
import { createUser } from '../../src/auth/users.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(DIALECTS)('sign-in throttle on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let checks: PasswordChecks;

  const signIn = (email: string, password: string, address: string, device?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      headers: { 'x-forwarded-for': address, ...(device === undefined ? {} : { cookie: `dt_device=${device}` }) },
    });
  const deviceOf = async (email: string, address: string) => {
    const cookie = (await signIn(email, PASSWORD, address)).cookies.find((c) => c.name === 'dt_device');
    return cookie?.value as string;
  };
  const user = (email: string) => createUser(t.ctx.database.db, { email, password: PASSWORD, role: 'master' });
  const reasons = (results: readonly LoginResult[]) => results.map((r) => (r.ok ? 'ok' : r.reason));

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await startTestApp(database, { TRUST_PROXY: 'true' });
    checks = passwordChecks(t.ctx.database.db, t.ctx.config.secret);
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('checks at most 5 of 40 parallel guesses; the others wait, and so does the right password then', async () => {
    await user('burst@duotrack.test');
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => checks.login('burst@duotrack.test', `wrong guess ${i}`, { ip: '203.0.113.10' }, now)));
    expect(reasons(results).filter((r) => r === 'invalid')).toHaveLength(ACCOUNT_AT_ADDRESS.free);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toEqual(Array(40 - ACCOUNT_AT_ADDRESS.free).fill({ ok: false, reason: 'throttled', retryAfterMs: MINUTE }));
    expect(await checks.login('burst@duotrack.test', PASSWORD, { ip: '203.0.113.10' }, now + 1)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: MINUTE - 1 });
  });

  it('answers a burst over HTTP (as many as the per-node request limit lets through) with 401 for the checked guesses, 429 with Retry-After for the rest and for the right password', async () => {
    await user('http-burst@duotrack.test');
    const answers = await Promise.all(Array.from({ length: SIGN_IN_REQUESTS_PER_MINUTE - 1 }, (_, i) => signIn('http-burst@duotrack.test', `wrong guess ${i}`, '203.0.113.11')));
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(ACCOUNT_AT_ADDRESS.free);
    const waiting = answers.filter((a) => a.statusCode !== 401);
    const aboutAMinute = (a: (typeof answers)[number]) => [a.statusCode, a.json().error, Math.abs(Number(a.headers['retry-after']) - 60) <= 1];
    expect(waiting.map(aboutAMinute)).toEqual(Array(SIGN_IN_REQUESTS_PER_MINUTE - 1 - ACCOUNT_AT_ADDRESS.free).fill([429, 'rate_limited', true]));
    expect(aboutAMinute(await signIn('http-burst@duotrack.test', PASSWORD, '203.0.113.11'))).toEqual([429, 'rate_limited', true]);
  });

  it('never lets a guesser at one address keep the owner out at another', async () => {
    await user('owner@duotrack.test');
    for (const guesser of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      for (let i = 0; i < 8; i++) await signIn('owner@duotrack.test', `guess ${i}`, guesser);
    }
    expect((await signIn('owner@duotrack.test', PASSWORD, '198.51.100.1')).statusCode).toBe(429); // the guesser waits
    expect((await signIn('owner@duotrack.test', PASSWORD, '192.0.2.200')).statusCode).toBe(200); // the owner does not
  });

  it('sets a long-lived, HttpOnly, SameSite=Strict device cookie on sign-in, naming neither the account nor the email, renewed as it was', async () => {
    const { id } = await user('device@duotrack.test');
    const first = await signIn('device@duotrack.test', PASSWORD, '192.0.2.1');
    const cookie = first.cookies.find((c) => c.name === 'dt_device');
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict', maxAge: 365 * 24 * 3600 });
    expect(cookie?.domain).toBeUndefined();
    expect(cookie?.value).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(cookie?.value).not.toContain(id);
    const again = await signIn('device@duotrack.test', PASSWORD, '192.0.2.2', cookie?.value);
    expect(again.cookies.find((c) => c.name === 'dt_device')?.value).toBe(cookie?.value);
  });

  it('lets the owner sign in at once on a known device from an address a guesser exhausted and floods; any other cookie is none', async () => {
    await user('nat-owner@duotrack.test');
    await user('nat-colleague@duotrack.test');
    const device = await deviceOf('nat-owner@duotrack.test', '192.0.2.10');
    const colleagues = await deviceOf('nat-colleague@duotrack.test', '192.0.2.11');
    const office = '203.0.113.70';
    const guesses: LoginResult[] = [];
    for (let i = 0; i < ACCOUNT_AT_ADDRESS.free; i++) guesses.push(await checks.login('nat-owner@duotrack.test', `guess ${i}`, { ip: office }));
    for (let i = ACCOUNT_AT_ADDRESS.free; i < ADDRESS.free; i++) guesses.push(await checks.login(`random${i}@elsewhere.test`, 'Summer2024!', { ip: office }));
    expect(reasons(guesses)).toEqual(Array(ADDRESS.free).fill('invalid'));
    expect(reasons([await checks.login('someone-new@elsewhere.test', 'Summer2024!', { ip: office })])).toEqual(['throttled']);
    const [id] = device.split('.');
    for (const deviceCookie of [`${id}.${'A'.repeat(43)}`, colleagues, `${device}.x`, 'not-a-device-cookie']) {
      expect([deviceCookie, reasons([await checks.login('nat-owner@duotrack.test', PASSWORD, { ip: office, deviceCookie })])]).toEqual([deviceCookie, ['throttled']]);
    }
    // The guesser also spends the address's sign-in requests for this minute.
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_MINUTE; i++) expect((await signIn(`flood${i}@elsewhere.test`, 'Summer2024!', office)).statusCode).toBe(429);

    expect((await signIn('nat-owner@duotrack.test', PASSWORD, office, device)).statusCode).toBe(200);
    expect((await signIn('nat-owner@duotrack.test', PASSWORD, office)).statusCode).toBe(429);
    expect((await signIn('nat-owner@duotrack.test', PASSWORD, office, colleagues)).statusCode).toBe(429);
  });

  it('backs a known device off after its own failures, without holding up the owner’s other devices or the address', async () => {
    await user('device-guess@duotrack.test');
    const device = await deviceOf('device-guess@duotrack.test', '192.0.2.20');
    const other = await deviceOf('device-guess@duotrack.test', '192.0.2.21');
    const now = Date.now();
    const on = (deviceCookie: string, password: string, at = now) => checks.login('device-guess@duotrack.test', password, { ip: '203.0.113.80', deviceCookie }, at);
    const guesses: LoginResult[] = [];
    for (let i = 0; i <= KNOWN_DEVICE.free; i++) guesses.push(await on(device, `wrong ${i}`));
    expect(reasons(guesses)).toEqual([...Array(KNOWN_DEVICE.free).fill('invalid'), 'throttled']);
    expect(await on(device, PASSWORD, now + 1)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: MINUTE - 1 });
    expect(reasons([await on(other, PASSWORD)])).toEqual(['ok']);
    expect(reasons([await checks.login('device-guess@duotrack.test', PASSWORD, { ip: '203.0.113.80' }, now)])).toEqual(['ok']);
    expect(reasons([await on(device, PASSWORD, now + MINUTE)])).toEqual(['ok']);
  });

  it('answers the same for a known and an unknown email: status, message and wait', async () => {
    await user('known@duotrack.test');
    const answers = async (email: string, address: string) => {
      const all = [];
      for (let i = 0; i < 7; i++) {
        const res = await signIn(email, 'not the password', address);
        all.push({ status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] });
      }
      return all;
    };
    const known = await answers('known@duotrack.test', '198.51.100.20');
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(known[6]).toEqual({ status: 429, body: { error: 'rate_limited', message: 'too many failed password checks: try again in 60 seconds' }, retryAfter: '60' });
    expect(await answers('unknown@duotrack.test', '198.51.100.21')).toEqual(known);
  });

  it('makes the wait grow with each failure after it, and forgets the account a day after the last one', async () => {
    await user('backoff@duotrack.test');
    const guess = (now: number, password = 'wrong again') => checks.login('backoff@duotrack.test', password, { ip: '203.0.113.30' }, now);
    const t0 = Date.now();
    const first: LoginResult[] = [];
    for (let i = 0; i < 6; i++) first.push(await guess(t0));
    expect(reasons(first)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']);
    expect(await guess(t0 + MINUTE - 1, PASSWORD)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 1 });
    expect(reasons([await guess(t0 + MINUTE)])).toEqual(['invalid']);
    expect(await guess(t0 + MINUTE)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 2 * MINUTE });
    expect(reasons([await guess(t0 + 3 * MINUTE)])).toEqual(['invalid']);
    expect(await guess(t0 + 3 * MINUTE)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 4 * MINUTE });
    const later: LoginResult[] = [];
    for (let i = 0; i < 6; i++) later.push(await guess(t0 + 3 * MINUTE + DAY));
    expect(reasons(later)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']);
  });

  it('starts the account afresh at an address after the right password there', async () => {
    await user('afresh@duotrack.test');
    const attempt = (now: number, password: string) => checks.login('afresh@duotrack.test', password, { ip: '203.0.113.40' }, now);
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await attempt(t0, 'wrong');
    expect(reasons([await attempt(t0 + MINUTE, PASSWORD)])).toEqual(['ok']);
    const after: LoginResult[] = [];
    for (let i = 0; i < 6; i++) after.push(await attempt(t0 + MINUTE, 'wrong'));
    expect(reasons(after)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']);
  });

  it('limits one address across accounts, but not for its successful sign-ins', async () => {
    await user('office@duotrack.test');
    const now = Date.now();
    const sprayed: LoginResult[] = [];
    for (let i = 0; i < ADDRESS.free - 1; i++) sprayed.push(await checks.login(`nobody${i}@duotrack.test`, 'Summer2024!', { ip: '203.0.113.50' }, now));
    expect(reasons(sprayed)).toEqual(Array(ADDRESS.free - 1).fill('invalid'));
    for (let i = 0; i < 3; i++) expect(reasons([await checks.login('office@duotrack.test', PASSWORD, { ip: '203.0.113.50' }, now)])).toEqual(['ok']);
    expect(reasons([await checks.login('nobody-else@duotrack.test', 'Summer2024!', { ip: '203.0.113.50' }, now)])).toEqual(['invalid']);
    expect(await checks.login('office@duotrack.test', PASSWORD, { ip: '203.0.113.50' }, now)).toEqual({ ok: false, reason: 'throttled', retryAfterMs: MINUTE });
    expect(reasons([await checks.login('office@duotrack.test', PASSWORD, { ip: '203.0.113.51' }, now)])).toEqual(['ok']);
  });

  it('counts an IPv6 subscriber’s /64 as one address', async () => {
    await user('v6@duotrack.test');
    const now = Date.now();
    for (let i = 1; i <= 5; i++) await checks.login('v6@duotrack.test', 'wrong', { ip: `2001:db8:1:2::${i}` }, now);
    expect(reasons([await checks.login('v6@duotrack.test', PASSWORD, { ip: '2001:db8:1:2:ffff::1' }, now)])).toEqual(['throttled']);
    expect(reasons([await checks.login('v6@duotrack.test', PASSWORD, { ip: '2001:db8:1:3::1' }, now)])).toEqual(['ok']);
  });

  it('throttles the current password on a change with sign-in, and stores neither email nor address', async () => {
    await user('change@duotrack.test');
    const session = await signIn('change@duotrack.test', PASSWORD, '198.51.100.60');
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const change = (currentPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie, 'x-csrf-token': session.json().csrfToken, 'x-forwarded-for': '198.51.100.60' },
        payload: { currentPassword, newPassword: 'a brand new secret' },
      });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await change(`guess number ${i}`)).statusCode);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const right = await change(PASSWORD);
    expect([right.statusCode, right.headers['retry-after']]).toEqual([429, '60']);
    expect((await signIn('change@duotrack.test', PASSWORD, '198.51.100.60')).statusCode).toBe(429);
    expect((await signIn('change@duotrack.test', PASSWORD, '198.51.100.61')).statusCode).toBe(200);
    const ids = (await t.ctx.database.db.selectFrom('login_throttle').select('id').execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => id.includes('@') || id.includes('198.51.100') || id.includes('duotrack'))).toEqual([]);
  });
});

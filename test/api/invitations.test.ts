// Invitations by e-mail, on every database: the link is mailed through SMTP_URL (a local SMTP
// server here) or, without one, handed to the inviter; it works once, within 7 days, until revoked
// or resent; accepting creates the account (or adds the client to an existing one, with its
// password) and signs in. A client writer invites to their own client only. Audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { INVITATION_TTL_MS } from '../../src/auth/invitations.js';
import { createUser } from '../../src/auth/users.js';
import { createClient, type Client } from '../../src/tenants/client.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { linkIn, startMailServer, type MailServer } from '../support/mail-server.js';

const PASSWORD = 'correct horse battery';

describe.each(DIALECTS)('invitations on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  let mail: MailServer;
  let a: Client;
  let b: Client;
  let masterKey: string;
  let aKey: string;

  const as = (key: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
  const tokenOf = (link: string) => link.split('/').pop()!;
  const accept = (token: string, password: string) => t.app.inject({ method: 'POST', url: `/api/v1/auth/invitations/${token}/accept`, payload: { password } });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    mail = await startMailServer();
    t = await startTestApp(database, { SMTP_URL: mail.url, MAIL_FROM: 'Agency <team@agency.test>' });
    const db = t.ctx.database.db;
    a = await createClient(db, { name: 'Label A' });
    b = await createClient(db, { name: 'Label B' });
    await createUser(db, { email: 'bob@b.test', password: PASSWORD, role: 'client', clientId: b.id });
    masterKey = (await createApiKey(db, { clientId: null, name: 'master' })).key;
    aKey = (await createApiKey(db, { clientId: a.id, name: 'a' })).key;
  });
  afterAll(async () => {
    await t.close();
    await mail.close();
    await database.cleanup();
  });

  it('mails a one-time link; the invitee chooses a password and is signed in on the client, with the role given', async () => {
    const res = await as(aKey, 'POST', '/api/v1/invitations', { email: 'New.Person@Example.test', role: 'viewer' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ emailed: true, link: null, invitation: { email: 'new.person@example.test', clientId: a.id, role: 'viewer', status: 'pending' } });
    const { expiresAt, createdAt } = res.json().invitation;
    expect(expiresAt - createdAt).toBe(INVITATION_TTL_MS);
    const sent = await mail.next('new.person@example.test');
    expect(sent.text).toContain('You are invited to Label A on Duotrack');
    const link = linkIn(sent, '/app/invite/');
    expect(link).toMatch(/^http:\/\/localhost(:80)?\/app\/invite\/[\w-]{43}$/);
    expect(sent.text).not.toContain(res.json().invitation.id);

    const preview = await t.app.inject({ url: `/api/v1/auth/invitations/${tokenOf(link)}` });
    expect(preview.json()).toEqual({ email: 'new.person@example.test', clientName: 'Label A', role: 'viewer', existingAccount: false, expiresAt });
    expect((await accept(tokenOf(link), 'short')).json()).toMatchObject({ error: 'invalid', message: 'the password needs at least 10 characters', details: [{ instancePath: '/password' }] });
    const accepted = await accept(tokenOf(link), PASSWORD);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().user).toMatchObject({ email: 'new.person@example.test', role: 'viewer', clientId: a.id, memberships: [{ clientId: a.id, role: 'viewer' }] });
    const cookie = String([accepted.headers['set-cookie']].flat()[0]).split(';')[0]!;
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json().user.email).toBe('new.person@example.test');
    // Once only: the link is gone, and so is the invitation from the list.
    expect((await accept(tokenOf(link), PASSWORD)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/auth/invitations/${tokenOf(link)}` })).statusCode).toBe(404);
    expect((await as(aKey, 'GET', '/api/v1/invitations')).json().data).toEqual([]);
  });

  it('adds the client to an existing account, with its current password, and keeps its other clients', async () => {
    const res = await as(masterKey, 'POST', '/api/v1/invitations', { email: 'bob@b.test', role: 'client', clientId: a.id });
    expect(res.statusCode, res.body).toBe(201);
    const token = tokenOf(linkIn(await mail.next('bob@b.test'), '/app/invite/'));
    expect((await t.app.inject({ url: `/api/v1/auth/invitations/${token}` })).json()).toMatchObject({ existingAccount: true, clientName: 'Label A' });
    expect((await accept(token, 'not the password')).statusCode).toBe(401);
    const accepted = await accept(token, PASSWORD);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().user.memberships.map((m: { clientName: string }) => m.clientName)).toEqual(['Label B', 'Label A']);
  });

  it('lists open invitations, resends with a new link (the old one stops working) and revokes; audited', async () => {
    const res = await as(aKey, 'POST', '/api/v1/invitations', { email: 'later@example.test', role: 'client' });
    const id = res.json().invitation.id as string;
    const first = tokenOf(linkIn(await mail.next('later@example.test'), '/app/invite/'));
    expect((await as(aKey, 'GET', '/api/v1/invitations')).json().data.map((i: { email: string }) => i.email)).toEqual(['later@example.test']);
    expect((await as(aKey, 'POST', '/api/v1/invitations', { email: 'later@example.test', role: 'viewer' })).json()).toMatchObject({ error: 'conflict' });

    const resent = await as(aKey, 'POST', `/api/v1/invitations/${id}/resend`);
    expect(resent.statusCode, resent.body).toBe(200);
    const second = tokenOf(linkIn(await mail.next('later@example.test'), '/app/invite/'));
    expect(second).not.toBe(first);
    expect((await t.app.inject({ url: `/api/v1/auth/invitations/${first}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/auth/invitations/${second}` })).statusCode).toBe(200);

    expect((await as(aKey, 'DELETE', `/api/v1/invitations/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/auth/invitations/${second}` })).statusCode).toBe(404);
    expect((await accept(second, PASSWORD)).statusCode).toBe(404);
    expect((await as(aKey, 'DELETE', `/api/v1/invitations/${id}`)).statusCode).toBe(404);
    const audit = (await as(masterKey, 'GET', `/api/v1/audit?clientId=${a.id}`)).json().data as { action: string; target: string }[];
    expect(audit.filter((e) => e.target === id).map((e) => e.action)).toEqual(['invitation.revoke', 'invitation.resend', 'invitation.create']);
  });

  it('refuses an expired link', async () => {
    const res = await as(masterKey, 'POST', '/api/v1/invitations', { email: 'slow@example.test', role: 'viewer', clientId: a.id });
    const token = tokenOf(linkIn(await mail.next('slow@example.test'), '/app/invite/'));
    await t.ctx.database.db.updateTable('invitations').set({ expires_at: Date.now() - 1 }).where('id', '=', res.json().invitation.id).execute();
    expect((await accept(token, PASSWORD)).statusCode).toBe(404);
    expect((await as(masterKey, 'GET', '/api/v1/invitations')).json().data.find((i: { email: string }) => i.email === 'slow@example.test')).toMatchObject({ status: 'expired' });
  });

  it('keeps a client to its own client: never another one, never master', async () => {
    expect((await as(aKey, 'POST', '/api/v1/invitations', { email: 'x@example.test', role: 'client', clientId: b.id })).statusCode).toBe(404);
    expect((await as(aKey, 'POST', '/api/v1/invitations', { email: 'x@example.test', role: 'master' })).statusCode).toBe(403);
    const bInvite = await as(masterKey, 'POST', '/api/v1/invitations', { email: 'y@example.test', role: 'viewer', clientId: b.id });
    expect((await as(aKey, 'GET', '/api/v1/invitations')).json().data.some((i: { email: string }) => i.email === 'y@example.test')).toBe(false);
    expect((await as(aKey, 'DELETE', `/api/v1/invitations/${bInvite.json().invitation.id}`)).statusCode).toBe(404);
    expect((await as(aKey, 'POST', `/api/v1/invitations/${bInvite.json().invitation.id}/resend`)).statusCode).toBe(404);
  });

  it('refuses bad input with a 4xx that says why', async () => {
    const notEmail = await as(aKey, 'POST', '/api/v1/invitations', { email: 'nobody', role: 'viewer' });
    expect(notEmail.statusCode).toBe(400);
    expect(notEmail.json()).toMatchObject({ error: 'invalid', message: '"nobody" is not an email address', details: [{ instancePath: '/email' }] });
    expect((await as(masterKey, 'POST', '/api/v1/invitations', { email: 'z@example.test', role: 'viewer' })).json()).toMatchObject({ error: 'invalid', details: [{ instancePath: '/clientId' }] });
    expect((await as(masterKey, 'POST', '/api/v1/invitations', { email: 'bob@b.test', role: 'client', clientId: b.id })).json()).toMatchObject({ error: 'conflict', message: 'bob@b.test is on this client already' });
    expect((await as(aKey, 'POST', '/api/v1/invitations', { email: 'z@example.test', role: 'owner' })).json()).toMatchObject({ error: 'validation_failed' });
    expect((await t.app.inject({ url: '/api/v1/auth/invitations/not-a-token' })).statusCode).toBe(404);
  });

  describe('without SMTP_URL', () => {
    let bare: TestApp;
    let bareDb: TestDatabase;
    beforeAll(async () => {
      bareDb = await createTestDatabase(dialect);
      bare = await startTestApp(bareDb);
    });
    afterAll(async () => {
      await bare.close();
      await bareDb.cleanup();
    });

    it('hands the link to the inviter and says no e-mail was sent', async () => {
      const key = (await createApiKey(bare.ctx.database.db, { clientId: null, name: 'm' })).key;
      const client = await createClient(bare.ctx.database.db, { name: 'Solo' });
      const res = await bare.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: { authorization: `Bearer ${key}`, host: 'admin.example.test' }, payload: { email: 'solo@example.test', role: 'client', clientId: client.id } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ emailed: false, link: expect.stringMatching(/^http:\/\/admin\.example\.test\/app\/invite\/[\w-]{43}$/) });
    });
  });
});

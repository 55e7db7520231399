// Accounts in the browser, with a local SMTP server that reads the e-mails: an invitation sent from
// the Users screen, its link followed to a new account; "Forgot your password?" to a new password;
// a user on two clients with a role on each, switching between them; a link to pass on when the
// mail server refuses; the Users screen in French.
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/tenants/client.js';
import { linkIn, startMailServer, type MailServer } from '../support/mail-server.js';
import { useE2E } from './support/harness.js';
import { addStaff, eventually, expectCleanPage, openApp, signIn, STAFF_PASSWORD, submitSignIn } from './support/webapp.js';

describe('web app: accounts', () => {
  let mail: MailServer;
  beforeAll(async () => {
    mail = await startMailServer({ refuses: (address) => address.startsWith('bounce') });
    return () => mail.close();
  });
  const e2e = useE2E({}, () => ({ SMTP_URL: mail.url }));
  let nova: Client;
  let rival: Client;

  beforeAll(async () => {
    const db = e2e.server.t.ctx.database.db;
    nova = await createClient(db, { name: 'Nova Records' });
    rival = await createClient(db, { name: 'Rival Music' });
  });

  it('invites by e-mail from the Users screen; the link opens a page to choose a password, and signs the new user in', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const staff = await signIn(e2e, master.email);
    const { page } = staff;
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect(await page.title()).toBe('Users · Duotrack');
    const form = page.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('Email').fill('new.person@label.test');
    await form.getByLabel('Role').selectOption({ label: 'Client (read and write)' });
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await eventually(() => form.getByRole('alert').textContent()).toBe('Choose the client they are invited to.');
    await form.getByLabel('Client', { exact: true }).selectOption({ label: 'Nova Records' });
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await form.getByRole('status').filter({ hasText: 'Invitation sent to new.person@label.test.' }).waitFor();
    await page.getByRole('row', { name: /new\.person@label\.test.*Nova Records/ }).waitFor();
    expectCleanPage(staff);

    const link = linkIn(await mail.next('new.person@label.test'), '/app/invite/');
    expect(link.startsWith(`${e2e.origin}/app/invite/`)).toBe(true);
    const invitee = await openApp(e2e, { path: new URL(link).pathname });
    const invited = invitee.page;
    await invited.getByRole('heading', { level: 1, name: 'Join Nova Records on Duotrack' }).waitFor();
    await invited.getByText('You are invited as Client (read and write), with the address new.person@label.test.').waitFor();
    await invited.getByLabel('New password', { exact: true }).fill('a fine new passphrase');
    await invited.getByLabel('New password, again').fill('a different one!!');
    await invited.getByRole('button', { name: 'Accept the invitation' }).click();
    await eventually(() => invited.getByRole('alert').textContent()).toBe('The two new passwords are not the same.');
    await invited.getByLabel('New password, again').fill('a fine new passphrase');
    await invited.getByRole('button', { name: 'Accept the invitation' }).click();
    await invited.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(new URL(invited.url()).pathname).toBe(`/app/clients/${nova.id}`);
    expectCleanPage(invitee);

    // Used once: the link now says so; the invitation has left the pending list.
    const again = await openApp(e2e, { path: new URL(link).pathname });
    await again.page.getByText('This invitation is not valid any more', { exact: false }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Pending invitations' }).waitFor();
    await page.getByText('No pending invitation.').waitFor();
    await page.getByRole('row', { name: /new\.person@label\.test/ }).waitFor();
  });

  it('gives the link to pass on when no e-mail could be sent, and revokes a pending invitation after asking', async () => {
    const writer = await addStaff(e2e.server, 'client', rival.id);
    const { page } = await signIn(e2e, writer.email);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    const form = page.getByRole('form', { name: 'Invite someone' });
    expect(await form.getByLabel('Role').locator('option').allTextContents()).toEqual(['Viewer (read only)', 'Client (read and write)']);
    await form.getByLabel('Email').fill('bounce@label.test');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await form.getByText('No e-mail was sent', { exact: false }).waitFor();
    expect(await form.getByLabel('Invitation link for bounce@label.test').inputValue()).toMatch(new RegExp(`^${e2e.origin}/app/invite/[\\w-]{43}$`));
    await page.getByRole('button', { name: 'Revoke the invitation of bounce@label.test' }).click();
    await page.getByRole('dialog').getByText('Its link stops working at once.', { exact: false }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke the invitation' }).click();
    await page.getByText('No pending invitation.').waitFor();
  });

  it('resets a forgotten password through the e-mailed link; the old password no longer signs in', async () => {
    const user = await addStaff(e2e.server, 'viewer', nova.id);
    const { page } = await openApp(e2e);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: `If an account exists for ${user.email}, a link is on its way.` }).waitFor();

    const link = linkIn(await mail.next(user.email), '/app/reset/');
    const reset = await openApp(e2e, { path: new URL(link).pathname });
    await reset.page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await reset.page.getByText(`For ${user.email}.`, { exact: false }).waitFor();
    await reset.page.getByLabel('New password', { exact: true }).fill('my recovered passphrase');
    await reset.page.getByLabel('New password, again').fill('my recovered passphrase');
    await reset.page.getByRole('button', { name: 'Set the password' }).click();
    await reset.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expectCleanPage(reset);

    const old = await openApp(e2e);
    await submitSignIn(old.page, user.email, STAFF_PASSWORD);
    await eventually(() => old.page.getByRole('alert').textContent()).toBe('wrong email or password');
    await submitSignIn(old.page, user.email, 'my recovered passphrase');
    await old.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // The link worked once.
    const used = await openApp(e2e, { path: new URL(link).pathname });
    await used.page.getByText('This link is not valid any more', { exact: false }).waitFor();
  });

  it('puts a user on a second client from the Users screen; they switch between their clients, with the role of each', async () => {
    const member = await addStaff(e2e.server, 'client', nova.id);
    const master = await addStaff(e2e.server, 'master', null);
    const admin = await signIn(e2e, master.email);
    await admin.page.goto(`${e2e.origin}/app/users`);
    const row = admin.page.getByRole('row', { name: new RegExp(member.email.replace(/[.@]/g, '\\$&')) });
    await row.getByLabel('Client', { exact: true }).selectOption({ label: 'Rival Music' });
    await row.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer (read only)' });
    await row.getByRole('button', { name: `Add ${member.email} to a client` }).click();
    await eventually(() => row.getByLabel(`Role on Rival Music for ${member.email}`).inputValue()).toBe('viewer');
    expect(await row.getByLabel(`Role on Nova Records for ${member.email}`).inputValue()).toBe('client');

    const staff = await signIn(e2e, member.email);
    const { page } = staff;
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const switcher = page.getByLabel('Client', { exact: true });
    expect(await switcher.locator('option').allTextContents()).toEqual(['Nova Records (Client (read and write))', 'Rival Music (Viewer (read only))']);
    await page.getByRole('link', { name: 'Users', exact: true }).waitFor(); // a writer on Nova
    await switcher.selectOption({ label: 'Rival Music (Viewer (read only))' });
    await eventually(() => page.locator('.client-name').textContent()).toBe('Rival Music');
    expect(new URL(page.url()).pathname).toBe(`/app/clients/${rival.id}`);
    await eventually(() => page.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0); // a viewer on Rival
    await page.locator('.user-menu summary').click();
    await page.locator('.user-role').filter({ hasText: 'Viewer (read only)' }).waitFor();
    expectCleanPage(staff);
  });

  it('speaks French on the Users screen and the invitation page', async () => {
    const master = await addStaff(e2e.server, 'master', null);
    const staff = await openApp(e2e, { acceptLanguage: 'fr-FR,fr' });
    await staff.page.getByRole('link', { name: 'Mot de passe oublié ?' }).waitFor();
    await submitSignInFr(staff.page, master.email);
    await staff.page.goto(`${e2e.origin}/app/users`);
    await staff.page.getByRole('heading', { level: 1, name: 'Utilisateurs' }).waitFor();
    const form = staff.page.getByRole('form', { name: 'Inviter quelqu’un' });
    await form.getByLabel('E-mail').fill('nouvelle@label.test');
    await form.getByLabel('Client', { exact: true }).selectOption({ label: 'Nova Records' });
    await form.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await form.getByRole('status').filter({ hasText: 'Invitation envoyée à nouvelle@label.test.' }).waitFor();
    await staff.page.getByRole('heading', { name: 'Invitations en attente' }).waitFor();

    const link = linkIn(await mail.next('nouvelle@label.test'), '/app/invite/');
    const invitee = await openApp(e2e, { path: new URL(link).pathname, acceptLanguage: 'fr-FR,fr' });
    await invitee.page.getByRole('heading', { level: 1, name: 'Rejoindre Nova Records sur Duotrack' }).waitFor();
    await invitee.page.getByRole('button', { name: 'Accepter l’invitation' }).waitFor();
    expectCleanPage(staff);
  });
});

async function submitSignInFr(page: import('playwright-core').Page, email: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('.user-menu').waitFor();
}

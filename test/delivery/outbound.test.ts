// The outbound guard: what Duotrack sends to a configured URL (webhooks, Slack, SMTP, the platforms)
// never reaches a non-public address unless the operator allows it — whatever form the URL writes
// it in, or whatever a host name resolves to at connection time — and never follows a redirect.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutbound, refusedAddress, type Outbound } from '../../src/delivery/outbound.js';

const strict = createOutbound([]);
const loopbackAllowed = createOutbound(['127.0.0.1', '::1']);

describe('outbound HTTP', () => {
  let stub: Server;
  let port = 0;
  const hits: string[] = [];
  const post = (outbound: Outbound, url: string) => outbound.post(url, { headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}', timeoutMs: 2000 });

  beforeAll(async () => {
    stub = createServer((req, res) => {
      hits.push(req.url ?? '');
      req.resume();
      if (req.url === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere?token=secret` }).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    port = (stub.address() as AddressInfo).port;
  });
  beforeEach(() => void hits.splice(0));
  afterAll(() => new Promise((resolve) => stub.close(resolve)));

  it.each([
    { name: 'loopback', url: () => `http://127.0.0.1:${port}/` },
    { name: 'loopback over https', url: () => `https://127.0.0.1:${port}/` },
    { name: 'loopback written in decimal', url: () => `http://2130706433:${port}/` },
    { name: 'loopback written in hex', url: () => `http://0x7f000001:${port}/` },
    { name: 'IPv6 loopback', url: () => `http://[::1]:${port}/` },
    { name: 'IPv4-mapped IPv6 loopback', url: () => `http://[::ffff:127.0.0.1]:${port}/` },
    { name: 'the cloud metadata address (link-local)', url: () => 'http://169.254.169.254/latest/meta-data/' },
    { name: 'a private network address', url: () => 'http://10.0.0.1/hook' },
    { name: 'a host name that resolves to loopback (refused after the DNS lookup)', url: () => `http://localhost:${port}/` },
  ])('refuses $name without the allow-list, before sending anything', async ({ url }) => {
    await expect(post(strict, url())).rejects.toThrow(/is not allowed/);
    expect(hits).toEqual([]);
  });

  it('reaches loopback when the operator allows it', async () => {
    expect(await post(loopbackAllowed, `http://127.0.0.1:${port}/hook`)).toEqual({ status: 200, body: 'ok', retryAfter: null });
    expect(await post(loopbackAllowed, `http://2130706433:${port}/decimal`)).toEqual({ status: 200, body: 'ok', retryAfter: null });
    expect(hits).toEqual(['/hook', '/decimal']);
  });

  it('never follows a redirect: a failure that says where it pointed (origin only)', async () => {
    await expect(post(loopbackAllowed, `http://127.0.0.1:${port}/redirect`)).rejects.toThrow(`redirected to http://127.0.0.1:${port} (HTTP 302), not followed`);
    expect(hits).toEqual(['/redirect']);
  });
});

describe('outbound SMTP (nodemailer through the guard)', () => {
  let smtp: SMTPServer;
  let port = 0;
  const mails: string[] = [];
  const send = (outbound: Outbound, host: string) =>
    nodemailer.createTransport({ url: `smtp://${host}:${port}`, getSocket: outbound.smtpSocket }).sendMail({ from: 'a@duotrack.test', to: 'ops@agency.test', subject: 'alert', text: 'hi' });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, _session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          mails.push('mail');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it.each(['localhost', '127.0.0.1', '[::1]'])('refuses a mail server at %s without the allow-list', async (host) => {
    await expect(send(strict, host)).rejects.toThrow(/is not allowed/);
    expect(mails).toEqual([]);
  });

  it('delivers to it when the operator allows loopback', async () => {
    await send(loopbackAllowed, 'localhost');
    expect(mails).toEqual(['mail']);
  });
});

describe('refusedAddress (URLs saved through the API)', () => {
  it.each([
    { url: 'http://127.0.0.1/hook', refused: '127.0.0.1 is not a public address (loopback)' },
    { url: 'http://2130706433/hook', refused: '127.0.0.1 is not a public address (loopback)' },
    { url: 'http://0x7f000001/hook', refused: '127.0.0.1 is not a public address (loopback)' },
    { url: 'http://[::1]/hook', refused: '::1 is not a public address (loopback)' },
    { url: 'http://[::ffff:127.0.0.1]/hook', refused: '::ffff:7f00:1 is not a public address (ipv4Mapped)' },
    { url: 'http://169.254.169.254/latest', refused: '169.254.169.254 is not a public address (linkLocal)' },
    { url: 'https://192.168.1.10/hook', refused: '192.168.1.10 is not a public address (private)' },
    { url: 'http://0.0.0.0/', refused: '0.0.0.0 is not a public address (unspecified)' },
    { url: 'https://hooks.slack.com/services/T/B/x', refused: null },
    { url: 'https://93.184.215.14/hook', refused: null },
    { url: 'not a url', refused: null },
  ])('$url → $refused', ({ url, refused }) => {
    expect(refusedAddress(url, [])).toBe(refused === null ? null : `${refused}: Duotrack does not send there`);
  });

  it.each([
    { url: 'http://127.0.0.1/hook', allow: ['127.0.0.1'], refused: false },
    { url: 'http://10.1.2.3/hook', allow: ['10.0.0.0/8'], refused: false },
    { url: 'http://10.1.2.3/hook', allow: ['10.9.0.0/16'], refused: true },
    { url: 'http://[::1]/hook', allow: ['10.0.0.0/8', '127.0.0.1'], refused: true },
    { url: 'http://[fd00::5]/hook', allow: ['fd00::/8'], refused: false },
  ])('$url with the allow-list $allow: refused $refused', ({ url, allow, refused }) => {
    expect(refusedAddress(url, allow) !== null).toBe(refused);
  });
});

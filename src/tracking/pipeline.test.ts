import { describe, expect, it } from 'vitest';
import type { Smartlink } from '../links/smartlink.js';
import type { Client } from '../tenants/client.js';
import type { DailySalts } from './daily-salts.js';
import { buildEvent, type TrackTarget } from './pipeline.js';
import type { RequestFacts } from './request-facts.js';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const client = { id: 'client-1', conversionValue: 0.05, settings: { honorGpc: true } } as Client;
const smartlink = { id: 'link-1', slug: 'demo' } as Smartlink;
const salts: DailySalts = { saltFor: () => 'salt', refresh: async () => undefined };
const deps = { geo: (ip: string) => ({ country: ip.startsWith('81.') ? 'GB' : null, region: null, city: null }), salts };

function facts(over: Partial<RequestFacts> = {}): RequestFacts {
  return { method: 'GET', ip: '81.2.69.142', userAgent: PHONE, referrer: '', host: 'links.test', query: {}, headers: {}, now: Date.UTC(2026, 10, 24, 12), ...over };
}
const view: TrackTarget = { type: 'view', client, smartlink, service: null };
const click: TrackTarget = { type: 'click', client, smartlink, service: 'spotify' };

describe('the Engine 1 pipeline', () => {
  it.each([
    { name: 'a person', facts: {}, reason: null },
    { name: 'HEAD, even from a crawler', facts: { method: 'HEAD', userAgent: 'curl/8.5.0' }, reason: 'head_request' },
    { name: 'an empty user agent', facts: { userAgent: '' }, reason: 'empty_user_agent' },
    { name: 'a link preview', facts: { userAgent: 'facebookexternalhit/1.1' }, reason: 'link_preview' },
    { name: 'a crawler that prefetches: the first reason wins', facts: { userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)', headers: { 'sec-purpose': 'prefetch' } }, reason: 'crawler' },
    { name: 'a browser prefetch', facts: { headers: { 'sec-purpose': 'prefetch;prerender' } }, reason: 'prefetch' },
  ])('flags $name', ({ facts: over, reason }) => {
    expect(buildEvent(facts(over), view, deps).excluded_reason).toBe(reason);
  });

  it('keeps only the truncated address, and hashes the full one', () => {
    const a = buildEvent(facts(), view, deps);
    const b = buildEvent(facts({ ip: '81.2.69.143' }), view, deps);
    expect(a).toMatchObject({ ip_truncated: '81.2.69.0', country: 'GB' });
    expect(JSON.stringify(a)).not.toContain('81.2.69.142');
    expect(a.visitor_id).not.toBe(b.visitor_id); // same /24, different fans
  });

  it.each([
    { name: 'the opt-out cookie', headers: { cookie: 'dt_optout=1' }, client, optOut: 'cookie' },
    { name: 'Global Privacy Control', headers: { 'sec-gpc': '1' }, client, optOut: 'gpc' },
    { name: 'GPC, for a client that does not honour it', headers: { 'sec-gpc': '1' }, client: { ...client, settings: { honorGpc: false } } as Client, optOut: null },
  ])('under $name, keeps an anonymous count only', ({ headers, client: c, optOut }) => {
    const event = buildEvent(facts({ headers }), { ...view, client: c }, { ...deps, geo: () => ({ country: 'GB', region: 'ENG', city: 'London' }) });
    expect(event).toMatchObject({ opt_out: optOut, country: 'GB', excluded_reason: null });
    const identifiers = { ip_truncated: event.ip_truncated, city: event.city, region: event.region, visitor_id: event.visitor_id, session_id: event.session_id };
    if (optOut) expect(identifiers).toEqual({ ip_truncated: null, city: null, region: null, visitor_id: null, session_id: null });
    else expect(Object.values(identifiers).every((v) => v !== null)).toBe(true);
  });

  it.each([
    { name: 'through the page (its view token)', via: { viewId: '01a20d03-cddc-70e1-acb2-7a8dd66bc268' }, path: '["view","spotify"]' },
    { name: 'from a deep link (not through the page)', via: null, path: '["spotify"]' },
  ])('gives a click $name the conversion path $path and the client’s value', ({ via, path }) => {
    expect(buildEvent(facts(), { ...click, via }, deps)).toMatchObject({ conversion_path: path, revenue: 0.05, service: 'spotify' });
  });

  it('credits no revenue to a bot’s click, and never gives it an id decided in advance', () => {
    const decided = '01a20d03-cddc-70e1-acb2-7a8dd66bc268';
    const bot = buildEvent(facts({ userAgent: 'Twitterbot/1.0' }), { ...click, eventId: decided }, deps);
    expect(bot.revenue).toBeNull();
    expect(bot.event_id).not.toBe(decided);
    expect(buildEvent(facts(), { ...click, eventId: decided, via: { viewId: decided } }, deps)).toMatchObject({ event_id: decided, conversion_path: '["view","spotify"]' });
  });

  it('gives views a time-ordered UUIDv7 at the request’s time', () => {
    const event = buildEvent(facts(), view, deps);
    expect(event.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(event.event_id.slice(0, 8) + event.event_id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 24, 12));
    expect(event).toMatchObject({ type: 'view', conversion_path: null, revenue: null, client_confirmed_at: null, confirms: null });
  });
});

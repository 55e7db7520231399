// What each platform receives, checked against the platform's documented schema (the fixtures below
// are written from the documentation cited next to them): only documented fields, in the documented
// shape; never a truncated IP; Limited Data Use where Meta and TikTok document it; a hashed
// external_id that is stable for one fan and one day only; GA4's location and device.
import { describe, expect, it } from 'vitest';
import { externalId } from '../../src/forwarding/capture.js';
import { ga4Body } from '../../src/forwarding/ga4.js';
import { LDU_STATES, limitedDataUse } from '../../src/forwarding/limited-data-use.js';
import { metaEvents } from '../../src/forwarding/meta.js';
import type { ForwardPayload } from '../../src/forwarding/payload.js';
import { tiktokContents, tiktokEvent } from '../../src/forwarding/tiktok.js';
import { visitorIds } from '../../src/tracking/visitor.js';

const FULL_IP = '81.2.69.142';

const VIEW: ForwardPayload = {
  eventId: '01a24e52-7590-72d9-b02b-895e434a7115', type: 'view', service: null, ts: 1_765_000_000_000, smartlinkId: 'sl-1', pixelId: 'PIXEL',
  url: 'https://go.label.example/night', referrer: 'https://l.instagram.com/', userAgent: 'Mozilla/5.0 (iPhone)', country: 'US', region: 'Texas', city: 'Austin',
  consentRegion: false, storedChoice: null, artistName: 'Nova Lune', trackTitle: 'Midnight Drive', sessionId: 'sess',
  externalId: externalId('4e8b0123456789abcdef0123456789ab'), fbp: 'fb.1.1.2', ttp: 'ttp-1', gaClientId: '1.2', gaSessionId: '42',
  device: { category: 'mobile', os: 'iOS', browser: 'Mobile Safari' },
};
const CLICK: ForwardPayload = { ...VIEW, type: 'click', service: 'spotify', eventId: '01a24e52-7590-72d9-b02b-895e434a7116' };

// Meta Conversions API, server event and customer information parameters:
// https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/server-event
// https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
const META_EVENT_FIELDS = ['event_name', 'event_time', 'user_data', 'custom_data', 'event_source_url', 'opt_out', 'event_id', 'action_source', 'data_processing_options', 'data_processing_options_country', 'data_processing_options_state', 'referrer_url', 'customer_segmentation'];
const META_USER_FIELDS = ['em', 'ph', 'fn', 'ln', 'db', 'ge', 'ct', 'st', 'zp', 'country', 'external_id', 'client_ip_address', 'client_user_agent', 'fbc', 'fbp', 'subscription_id', 'fb_login_id', 'lead_id', 'anon_id', 'madid', 'page_id', 'page_scoped_user_id', 'ctwa_clid', 'ig_account_id', 'ig_sid'];
// Meta Limited Data Use: https://developers.facebook.com/docs/marketing-apis/data-processing-options
// (California, Colorado, Connecticut, Florida, Texas, Oregon, Montana; country 1 + state 1000 = California, 0 + 0 = Meta geolocates)

// TikTok Events API 2.0 (POST /open_api/v1.3/event/track/), event, user, page and properties fields:
// https://business-api.tiktok.com/portal/docs?id=1771100965992450 and Limited Data Use:
// https://business-api.tiktok.com/portal/docs?id=1770091656601602 (limited_data_use at the root of the event)
const TIKTOK_EVENT_FIELDS = ['event', 'event_time', 'event_id', 'user', 'properties', 'page', 'app', 'ad', 'limited_data_use', 'lead'];
const TIKTOK_USER_FIELDS = ['email', 'phone', 'external_id', 'ttp', 'ttclid', 'ip', 'user_agent', 'idfa', 'idfv', 'gaid', 'locale', 'att_status'];
const TIKTOK_PROPERTY_FIELDS = ['contents', 'content_type', 'currency', 'value', 'query', 'description', 'order_id', 'shop_id'];
const TIKTOK_CONTENT_FIELDS = ['price', 'quantity', 'content_id', 'content_category', 'content_name', 'brand', 'content_type'];

// GA4 Measurement Protocol, JSON POST body: https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference
// (user_location: city, region_id as ISO 3166-2, country_id as ISO 3166-1 alpha-2, subcontinent_id, continent_id;
// device: category, language, screen_resolution, operating_system, operating_system_version, model, brand, browser, browser_version;
// ip_override: the address GA4 derives geography from, used when user_location is absent)
const GA4_BODY_FIELDS = ['client_id', 'user_id', 'timestamp_micros', 'user_properties', 'consent', 'non_personalized_ads', 'user_location', 'ip_override', 'device', 'user_data', 'events', 'validation_behavior'];
const GA4_LOCATION_FIELDS = ['city', 'region_id', 'country_id', 'subcontinent_id', 'continent_id'];
const GA4_DEVICE_FIELDS = ['category', 'language', 'screen_resolution', 'operating_system', 'operating_system_version', 'model', 'brand', 'browser', 'browser_version'];

type Json = Record<string, any>;
/** As it goes on the wire (undefined fields are not sent). */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const keysWithin = (object: Json, documented: readonly string[]) => expect(Object.keys(object).filter((k) => !documented.includes(k))).toEqual([]);

describe('Meta Conversions API events, against Meta’s parameters', () => {
  it('a view and a click carry only documented fields, external_id a SHA-256 hex, and the full IP', () => {
    const events = wire([...metaEvents(VIEW, FULL_IP, false), ...metaEvents(CLICK, FULL_IP, false)]) as Json[];
    expect(events.map((e) => e.event_name)).toEqual(['PageView', 'ViewContent', 'SmartlinkClick']);
    for (const e of events) {
      keysWithin(e, META_EVENT_FIELDS);
      keysWithin(e.user_data, META_USER_FIELDS);
      expect(e.action_source).toBe('website');
      expect(e.user_data).toMatchObject({ client_ip_address: FULL_IP, client_user_agent: VIEW.userAgent, external_id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
  });

  it('never sends a truncated IP: without the full address in memory, client_ip_address is left out', () => {
    const queuedByAnOlderVersion = { ...VIEW, ipTruncated: '81.2.69.0' } as ForwardPayload; // deliveries once stored the truncated address
    for (const e of wire(metaEvents(queuedByAnOlderVersion, null, false)) as Json[]) {
      expect(e.user_data).not.toHaveProperty('client_ip_address');
      expect(JSON.stringify(e)).not.toContain('81.2.69.0');
    }
  });

  it.each<[string, string | null, string | null, object | null]>([
    ['California: named with Meta’s codes', 'US', 'California', { data_processing_options: ['LDU'], data_processing_options_country: 1, data_processing_options_state: 1000 }],
    ['Texas: an LDU state Meta geolocates', 'US', 'Texas', { data_processing_options: ['LDU'], data_processing_options_country: 0, data_processing_options_state: 0 }],
    ['the US, state unknown: Meta decides', 'US', null, { data_processing_options: ['LDU'], data_processing_options_country: 0, data_processing_options_state: 0 }],
    ['Washington: not an LDU state', 'US', 'Washington', null],
    ['France: outside the US', 'FR', 'Ile-de-France', null],
  ])('Limited Data Use on: %s', (_name, country, region, expected) => {
    for (const e of metaEvents({ ...VIEW, country, region }, null, true) as Json[]) {
      if (expected) expect(e).toMatchObject(expected);
      else for (const k of ['data_processing_options', 'data_processing_options_country', 'data_processing_options_state']) expect(e).not.toHaveProperty(k);
    }
  });

  it('Limited Data Use off: no data_processing_options, even in California', () => {
    for (const e of metaEvents({ ...VIEW, region: 'California' }, null, false) as Json[]) expect(e).not.toHaveProperty('data_processing_options');
  });
});

describe('TikTok Events API events, against TikTok’s parameters', () => {
  it('a view and a click carry only documented fields, the same contents, external_id hashed and the full IP', () => {
    for (const p of [VIEW, CLICK]) {
      const e = tiktokEvent(p, FULL_IP, false) as Json;
      keysWithin(e, TIKTOK_EVENT_FIELDS);
      keysWithin(e.user, TIKTOK_USER_FIELDS);
      keysWithin(e.properties, TIKTOK_PROPERTY_FIELDS);
      for (const c of e.properties.contents) keysWithin(c, TIKTOK_CONTENT_FIELDS);
      expect(e.properties.contents).toEqual(tiktokContents(p.smartlinkId, p.trackTitle));
      expect(e.properties.contents).toEqual([{ content_id: 'sl-1', content_name: 'Midnight Drive', content_type: 'product' }]);
      expect(e.user).toMatchObject({ ip: FULL_IP, external_id: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(e).not.toHaveProperty('limited_data_use');
    }
    expect((tiktokEvent(CLICK, null, false) as Json).properties.description).toBe('spotify');
  });

  it('never sends a truncated IP: without the full address in memory, user.ip is left out', () => {
    const queuedByAnOlderVersion = { ...VIEW, ipTruncated: '81.2.69.0' } as ForwardPayload;
    expect((tiktokEvent(queuedByAnOlderVersion, null, false) as Json).user).not.toHaveProperty('ip');
  });

  it('Limited Data Use on: limited_data_use: true for fans in an LDU state, nothing elsewhere', () => {
    expect(tiktokEvent({ ...VIEW, region: 'California' }, null, true)).toMatchObject({ limited_data_use: true });
    expect(tiktokEvent({ ...VIEW, region: 'Oregon' }, null, true)).toMatchObject({ limited_data_use: true });
    expect(tiktokEvent({ ...VIEW, region: 'Washington' }, null, true)).not.toHaveProperty('limited_data_use');
    expect(tiktokEvent({ ...VIEW, country: 'DE', region: 'Bavaria' }, null, true)).not.toHaveProperty('limited_data_use');
  });
});

describe('Limited Data Use: which fans', () => {
  it('covers the states Meta lists, and only with the client’s switch on', () => {
    expect([...LDU_STATES].sort()).toEqual(['US-CA', 'US-CO', 'US-CT', 'US-FL', 'US-MT', 'US-OR', 'US-TX']);
    for (const [state] of [['Colorado'], ['Connecticut'], ['Florida'], ['Montana'], ['Oregon'], ['Texas']]) expect(limitedDataUse(true, 'US', state!)).toEqual({ country: 0, state: 0 });
    expect(limitedDataUse(true, 'US', 'California')).toEqual({ country: 1, state: 1000 });
    expect(limitedDataUse(true, null, null)).toEqual({ country: 0, state: 0 }); // unknown location: the platform decides
    expect(limitedDataUse(false, 'US', 'California')).toBeNull();
    expect(limitedDataUse(true, 'US', 'New York')).toBeNull();
  });
});

describe('external_id', () => {
  const salts = ['salt-of-day-one', 'salt-of-day-two'];
  const day = 86_400_000;
  const ids = (salt: string, now: number) => visitorIds(salt, now, 'client-1', 'sl-1', FULL_IP, VIEW.userAgent).visitor_id;

  it('is the same for one fan on one day, another the next day, none without a visitor id', () => {
    const morning = externalId(ids(salts[0]!, 20_000 * day + 3_600_000));
    const evening = externalId(ids(salts[0]!, 20_000 * day + 20 * 3_600_000));
    const nextDay = externalId(ids(salts[1]!, 20_001 * day + 3_600_000));
    expect(morning).toMatch(/^[0-9a-f]{64}$/);
    expect(evening).toBe(morning);
    expect(nextDay).not.toBe(morning);
    expect(externalId(null)).toBeNull();
  });
});

describe('GA4 Measurement Protocol body, against Google’s reference', () => {
  it('carries Engine 1’s location and device, the referrer and the page title, only documented fields', () => {
    const body = ga4Body({ ...VIEW, region: 'California', city: 'San Jose' }, null) as Json;
    keysWithin(body, GA4_BODY_FIELDS);
    keysWithin(body.user_location, GA4_LOCATION_FIELDS);
    keysWithin(body.device, GA4_DEVICE_FIELDS);
    expect(body.user_location).toEqual({ country_id: 'US', region_id: 'US-CA', city: 'San Jose' });
    expect(body.device).toEqual({ category: 'mobile', operating_system: 'iOS', browser: 'Mobile Safari' });
    expect(body.events[0].params).toMatchObject({ page_location: VIEW.url, page_referrer: 'https://l.instagram.com/', page_title: 'Nova Lune – Midnight Drive' });
    expect(body).not.toHaveProperty('ip_override');
  });

  it('leaves out what Engine 1 does not know: region_id outside the US, unknown fields, the device category “other”', () => {
    const body = ga4Body({ ...VIEW, country: 'FR', region: 'Ile-de-France', city: null, referrer: null, device: { category: 'other', os: null, browser: 'Chrome' } }, null) as Json;
    expect(body.user_location).toEqual({ country_id: 'FR' });
    expect(body.device).toEqual({ browser: 'Chrome' });
    expect(body.events[0].params).not.toHaveProperty('page_referrer');
    const nowhere = ga4Body({ ...VIEW, country: null, region: null, city: null, device: { category: 'other', os: null, browser: null } }, null) as Json;
    expect(nowhere).not.toHaveProperty('user_location');
    expect(nowhere).not.toHaveProperty('device');
  });

  it('ip_override only with the full address from memory', () => {
    expect(ga4Body(VIEW, FULL_IP)).toMatchObject({ ip_override: FULL_IP });
    expect(JSON.stringify(ga4Body(VIEW, null))).not.toContain('81.2.69');
  });
});

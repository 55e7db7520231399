// Engine 2, the browser half, as the one inline script of a smartlink page (run under its CSP
// nonce). It reads two JSON blocks the server wrote — #dt-page (the smartlink and its tags) and
// #dt-view (this view's signed id, session, consent) — so no tenant string is ever code.
//
// 1. Consent Mode v2 default (denied) first, in a consent region; a stored choice right after.
// 2. The configured tags: GTM, gtag.js (GA4), Meta Pixel (revoked before init without consent),
//    TikTok Pixel (held without consent). Each script's load or error is recorded.
// 3. smartlink_view to dataLayer, PageView/ViewContent to the pixels, all with the server's event id.
// 4. One beacon to /e once the tags have loaded or failed (at most 3 s), or when the page hides.
// 5. Taps: smartlink_click and the pixels' click event with the click's id, a beacon, then the
//    service, after at most 300 ms. Service links carry the view token and the tap number, so the
//    server derives the same click id; and `r=1` when the fan ticked "Remember my choice" (shown
//    only by this script), for the server to set the preferred-service cookie.
// A prerendered page does all this only when it is shown. Nothing runs twice on a back/forward
// cache restore (the script runs once per document).
import { CONSENT_MAX_AGE_SECONDS } from './consent.js';

export const BROWSER_ENGINE = `(function () {
  var w = window, d = document, nonce = d.currentScript && d.currentScript.nonce;
  var page = JSON.parse(d.getElementById('dt-page').textContent);
  var view = JSON.parse(d.getElementById('dt-view').textContent);
  var tags = view.opt_out ? {} : page.tags, consent = view.consent;
  var status = { gtm: 'not_configured', ga4: 'not_configured', meta: 'not_configured', tiktok: 'not_configured' };
  var waiting = 0, viewSent = false, tagsSettled = false, consentSettled = !consent.required || !!consent.choice;
  var dl = w.dataLayer = w.dataLayer || [];
  function gtag() { dl.push(arguments); }
  var DENIED = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
  var GRANTED = { ad_storage: 'granted', analytics_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' };
  // The event id of a click, as the server derives it: the view id with its last 48 bits XORed
  // with the service's mask and the tap number (every tap is its own click).
  var taps = {};
  function clickId(service, tap) {
    var tail = view.event_id.slice(24), mask = page.click_masks[service];
    var high = parseInt(tail.slice(0, 6), 16) ^ parseInt(mask.slice(0, 6), 16);
    var low = parseInt(tail.slice(6), 16) ^ parseInt(mask.slice(6), 16) ^ tap;
    return view.event_id.slice(0, 24) + ('00000' + high.toString(16)).slice(-6) + ('00000' + low.toString(16)).slice(-6);
  }
  // session_id is a pseudonymous id of the visitor's day: tags get it only where no consent is needed, or once granted.
  function withFields(extra) {
    var o = { smartlink_id: page.smartlink_id, artist_name: page.artist_name, track_title: page.track_title }, k;
    if (!consent.required || consent.choice === 'granted') o.session_id = view.session_id;
    for (k in extra) o[k] = extra[k];
    return o;
  }

  // TikTok's contents: the smartlink as one product, as the Events API gets it (forwarding/tiktok.ts).
  function ttContents(extra) {
    var o = { contents: [{ content_id: page.smartlink_id, content_name: page.track_title, content_type: 'product' }], content_type: 'product' }, k;
    for (k in extra) o[k] = extra[k];
    return o;
  }

  function load(tag, src) {
    waiting++;
    var s = d.createElement('script');
    s.async = true; s.src = src; if (nonce) s.nonce = nonce;
    s.onload = function () { status[tag] = 'loaded'; settle(); };
    s.onerror = function () { status[tag] = 'blocked'; settle(); };
    d.head.appendChild(s);
  }
  function settle() { if (--waiting <= 0) { tagsSettled = true; trySendView(); } }
  // The view's beacon waits for the tags (3 s at most) and, in a consent region, for the fan's
  // choice (30 s at most), so that it reports what happened; leaving the page sends it at once.
  function trySendView() { if (tagsSettled && consentSettled) sendView(); }
  function consentState() { return consent.required ? (consent.choice || 'pending') : 'not_required'; }
  function beacon(kind, service, tap) {
    var tags = {}; // a tag still loading has not run: blocked, as far as this event is concerned
    for (var tag in status) tags[tag] = status[tag] === 'loading' ? 'blocked' : status[tag];
    var body = JSON.stringify({ v: view.v, s: page.slug, kind: kind, service: service, tap: tap, tags: tags, consent: consentState() });
    if (!(navigator.sendBeacon && navigator.sendBeacon('/e', new Blob([body], { type: 'application/json' })))) {
      fetch('/e', { method: 'POST', body: body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(function () {});
    }
  }
  function sendView() {
    if (viewSent) return;
    viewSent = true;
    beacon('view');
  }

  function start() {
    if (consent.required) {
      gtag('consent', 'default', Object.assign({ wait_for_update: 500 }, DENIED));
      if (consent.choice === 'granted') gtag('consent', 'update', GRANTED);
    }
    if (tags.gtm) {
      status.gtm = 'loading';
      dl.push({ 'gtm.start': new Date().getTime(), event: 'gtm.js' });
      load('gtm', 'https://www.googletagmanager.com/gtm.js?id=' + encodeURIComponent(tags.gtm));
    }
    if (tags.ga4) {
      status.ga4 = 'loading';
      w.gtag = gtag;
      load('ga4', 'https://www.googletagmanager.com/gtag/js?id=' + encodeURIComponent(tags.ga4));
      gtag('js', new Date());
      gtag('config', tags.ga4);
    }
    if (tags.facebook) {
      status.meta = 'loading';
      var f = w.fbq = function () { f.callMethod ? f.callMethod.apply(f, arguments) : f.queue.push(arguments); };
      if (!w._fbq) w._fbq = f;
      f.push = f; f.loaded = true; f.version = '2.0'; f.queue = [];
      load('meta', 'https://connect.facebook.net/en_US/fbevents.js');
      if (consent.required) f('consent', consent.choice === 'granted' ? 'grant' : 'revoke');
      f('init', tags.facebook);
      f('track', 'PageView', {}, { eventID: view.event_id });
      f('track', 'ViewContent', { content_name: page.track_title, content_category: 'Music', content_ids: [page.smartlink_id], content_type: 'product' }, { eventID: view.event_id });
    }
    if (tags.tiktok) {
      status.tiktok = 'loading';
      // TikTok's published base code (the queue events.js reads through window.TiktokAnalyticsObject,
      // ttq._i[id]._u, _t, _o), with the script added by load() under the page's nonce.
      var tn = w.TiktokAnalyticsObject = 'ttq', t = w[tn] = w[tn] || [];
      t.methods = ['page', 'track', 'identify', 'instances', 'debug', 'on', 'off', 'once', 'ready', 'alias', 'group', 'enableCookie', 'disableCookie', 'holdConsent', 'revokeConsent', 'grantConsent'];
      t.setAndDefer = function (o, m) { o[m] = function () { o.push([m].concat(Array.prototype.slice.call(arguments, 0))); }; };
      for (var i = 0; i < t.methods.length; i++) t.setAndDefer(t, t.methods[i]);
      t.instance = function (id) { for (var e = t._i[id] || [], n = 0; n < t.methods.length; n++) t.setAndDefer(e, t.methods[n]); return e; };
      t.load = function (id, options) {
        var u = 'https://analytics.tiktok.com/i18n/pixel/events.js';
        t._i = t._i || {}; t._i[id] = []; t._i[id]._u = u; t._t = t._t || {}; t._t[id] = +new Date(); t._o = t._o || {}; t._o[id] = options || {};
        load('tiktok', u + '?sdkid=' + encodeURIComponent(id) + '&lib=' + tn);
      };
      if (consent.required && consent.choice !== 'granted') t.holdConsent();
      if (consent.choice === 'denied') t.revokeConsent();
      t.load(tags.tiktok);
      t.page();
      t.track('ViewContent', ttContents({}), { event_id: view.event_id });
    }
    dl.push(withFields({ event: 'smartlink_view', event_id: view.event_id }));
    if (tags.ga4) gtag('event', 'smartlink_view', withFields({ event_id: view.event_id }));
    tagsSettled = waiting === 0;
    setTimeout(function () { tagsSettled = true; trySendView(); }, 3000);
    setTimeout(function () { consentSettled = true; trySendView(); }, 30000);
    trySendView();
    w.addEventListener('pagehide', sendView);
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', wire); else wire();
  }

  function choose(choice) {
    consent.choice = choice;
    d.cookie = 'dt_consent=' + choice + '; Max-Age=${CONSENT_MAX_AGE_SECONDS}; Path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
    d.getElementById('dt-consent').hidden = true;
    gtag('consent', 'update', choice === 'granted' ? GRANTED : DENIED);
    if (w.fbq) w.fbq('consent', choice === 'granted' ? 'grant' : 'revoke');
    if (w.ttq && tags.tiktok) choice === 'granted' ? w.ttq.grantConsent() : w.ttq.revokeConsent();
    consentSettled = true;
    trySendView();
  }

  function wire() {
    var banner = d.getElementById('dt-consent');
    if (banner && consent.required && !consent.choice) {
      banner.hidden = false;
      var buttons = banner.querySelectorAll('[data-consent]');
      for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener('click', function (e) { choose(e.currentTarget.getAttribute('data-consent')); });
    }
    var remember = d.getElementById('dt-remember');
    if (remember) remember.closest('.remember').hidden = false;
    var links = d.querySelectorAll('a[data-service]');
    for (var j = 0; j < links.length; j++) {
      links[j].addEventListener('click', tap);
    }
    d.documentElement.setAttribute('data-dt', 'ready');
  }

  function tap(e) {
    // A new tab, a copied or shared link: the plain href, an ordinary click with its own id.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var a = e.currentTarget, service = a.getAttribute('data-service'), n = taps[service] = (taps[service] === undefined ? 0 : taps[service] + 1);
    var id = clickId(service, n), href = a.pathname + '?v=' + encodeURIComponent(view.v) + '&n=' + n, gone = false;
    var remember = d.getElementById('dt-remember');
    if (remember && remember.checked) href += '&r=1';
    function go() { if (!gone) { gone = true; location.href = href; } }
    var googleLoaded = status.gtm === 'loaded' || status.ga4 === 'loaded';
    e.preventDefault();
    setTimeout(go, googleLoaded ? 300 : 0); // first: nothing below may keep the fan on the page
    try {
      dl.push(withFields(googleLoaded ? { event: 'smartlink_click', service: service, event_id: id, eventCallback: go, eventTimeout: 300 } : { event: 'smartlink_click', service: service, event_id: id }));
      if (tags.ga4) gtag('event', 'smartlink_click', withFields({ service: service, event_id: id }));
      if (w.fbq) w.fbq('trackCustom', 'SmartlinkClick', withFields({ service: service }), { eventID: id });
      if (w.ttq && tags.tiktok) w.ttq.track('ClickButton', ttContents({ description: service }), { event_id: id });
      beacon('click', service, n);
    } catch (err) {
      go();
    }
  }

  // Runs only once the page is shown: a prerendered page waits for activation (a prefetched one
  // does not run before). The server therefore takes any view beacon as proof the view was seen.
  if (d.prerendering) d.addEventListener('prerenderingchange', start, { once: true }); else start();
})();`;

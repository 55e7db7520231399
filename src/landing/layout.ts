// The shell shared by the smartlink page and the 404 page: head, branding, stylesheet. A page is
// rendered once into a template with slots filled per response: the CSP nonce, the view's JSON,
// the no-JavaScript tags. A raw "<" never comes out of escaped data, so tenant text cannot forge a slot.
import { DEFAULT_BRANDING, FONTS, type Branding } from '../tenants/client.js';
import { isHttpUrl } from '../links/url.js';
import { html, trusted, type Html } from './html.js';
import type { Lang } from './messages.js';

export type Slot = 'nonce' | 'view' | 'noscript' | 'token';
export const NONCE = trusted('<dt:nonce>');
export const VIEW = trusted('<dt:view>');
/** Tags for browsers without JavaScript (GTM's iframe): only where no consent is needed. */
export const NOSCRIPT = trusted('<dt:noscript>');
/** The view token, in each service link: a plain link (no JavaScript) is credited to its view too. */
export const TOKEN = trusted('<dt:token>');
const SLOTS = /<dt:(nonce|view|noscript|token)>/;

/**
 * A rendered page split at its slots: UTF-8 bytes at even indices, slot names at odd ones. The
 * bytes are encoded once, when the page is rendered, not at every response.
 */
export type PageTemplate = readonly (Buffer | Slot)[];

/** The page as sent: its bytes with the slots filled (a slot without a value is left empty). */
export function fillSlots(template: PageTemplate, values: Readonly<Partial<Record<Slot, string>>>): Buffer {
  const bytes: Partial<Record<Slot, Buffer>> = {}; // a slot may stand several times (the token: once per service)
  const parts = template.map((part) => (typeof part === 'string' ? (bytes[part] ??= Buffer.from(values[part] ?? '')) : part));
  return Buffer.concat(parts);
}

function toTemplate(page: string): PageTemplate {
  return page.split(SLOTS).map((part, i) => (i % 2 === 1 ? (part as Slot) : Buffer.from(part)));
}

export interface LayoutInput {
  readonly lang: Lang;
  readonly title: string;
  readonly branding: Branding;
  readonly head?: Html | null; // extra tags (Open Graph, the page script…)
  readonly body: Html; // inside <main>, after the client's logo
  readonly beforeMain?: Html | null; // e.g. GTM's <noscript> iframe
  readonly afterMain?: Html | null; // e.g. the consent banner
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Branding as stored is validated on write; here it is checked again so a bad value can never reach CSS. */
function safeBranding(b: Branding) {
  return {
    primary: COLOR.test(b.primaryColor) ? b.primaryColor : DEFAULT_BRANDING.primaryColor,
    secondary: COLOR.test(b.secondaryColor) ? b.secondaryColor : DEFAULT_BRANDING.secondaryColor,
    font: FONTS[b.font as keyof typeof FONTS] ?? FONTS.system,
    logo: b.logo && isHttpUrl(b.logo) ? b.logo : null,
  };
}

export function layout({ lang, title, branding, head, body, beforeMain, afterMain }: LayoutInput): PageTemplate {
  const b = safeBranding(branding);
  return toTemplate(html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><meta name="theme-color" content="${b.secondary}">${head}
<style nonce="${NONCE}">
:root{--p:${b.primary};--s:${b.secondary};--f:${b.font}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;font-family:var(--f);background:var(--s);color:#fff;display:flex;justify-content:center;align-items:flex-start}
main{width:100%;max-width:440px;padding:24px 16px 40px;text-align:center}
.logo{max-height:40px;max-width:160px;margin-bottom:16px}
.art{width:100%;max-width:320px;aspect-ratio:1;object-fit:cover;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.45);background:#222}
h1{font-size:1.5rem;margin:18px 0 4px;line-height:1.2}.artist{margin:0 0 20px;opacity:.8}
ul{list-style:none;margin:0;padding:0;background:#fff;border-radius:12px;overflow:hidden;text-align:left}
li+li{border-top:1px solid #eee}
li a{display:flex;justify-content:space-between;align-items:center;padding:14px 16px;color:#111;text-decoration:none;font-weight:600}
li a:focus-visible,li a:hover{background:#f4f4f4;outline:none}
.cta{border:1px solid var(--p);color:var(--p);border-radius:999px;padding:5px 14px;font-size:.85rem}
footer{margin-top:24px;font-size:.75rem;opacity:.6}footer a{color:inherit}
.consent{position:fixed;left:12px;right:12px;bottom:12px;max-width:440px;margin:0 auto;background:#fff;color:#111;border-radius:12px;padding:14px 16px;box-shadow:0 8px 30px rgba(0,0,0,.5);text-align:left;font-size:.9rem}
body:has(.consent:not([hidden])) main{padding-bottom:240px}
.consent p{margin:0 0 8px}.consent-actions{display:flex;gap:8px}
.consent button{flex:1;padding:10px;border-radius:999px;border:2px solid #111;background:#fff;color:#111;font:inherit;font-weight:600;cursor:pointer}
.consent button:focus-visible{outline:3px solid var(--p);outline-offset:2px}
</style></head><body>${beforeMain}<main>${b.logo ? html`<img class="logo" src="${b.logo}" alt="">` : null}${body}</main>${afterMain}</body></html>`.value);
}

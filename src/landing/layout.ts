// The shell shared by the smartlink page, the 404/503 pages and the privacy page: head, branding
// (colours corrected to WCAG AA, the artwork's backdrop), stylesheet. A page is
// rendered once into a template with slots filled per response: the CSP nonce, the view's JSON,
// the no-JavaScript tags. A raw "<" never comes out of escaped data, so tenant text cannot forge a slot.
import { DEFAULT_BRANDING, type Branding } from '../tenants/client.js';
import { isHttpUrl } from '../links/url.js';
import { isHexColour, pageColours } from './contrast.js';
import { cssColour, cssFont, cssUrl, customProperties } from './css.js';
import { html, trusted, type Html } from './html.js';
import { NOTE } from './service-icons.js';
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
  /** Derived from the artwork: a tiny blurred image behind the top of the page, and its dominant colour as the background. */
  readonly backdrop?: Backdrop | null;
}

export interface Backdrop {
  readonly image: string | null; // absolute URL of this server's tiny blurred variant
  readonly colour: string | null; // #rrggbb
}

/**
 * Branding as stored is validated on write; here it is checked again, and every value reaches the
 * stylesheet only through css.ts. The colours drawn are the brand's, corrected to WCAG AA where
 * they would be too faint (contrast.ts): the accent on the white rows, the text on the background.
 */
export function pageStyle(b: Branding, backdrop: Backdrop | null = null): { readonly rootCss: string; readonly background: string; readonly hasImage: boolean } {
  const primary = isHexColour(b.primaryColor) ? b.primaryColor : DEFAULT_BRANDING.primaryColor;
  const secondary = isHexColour(b.secondaryColor) ? b.secondaryColor : DEFAULT_BRANDING.secondaryColor;
  const colours = pageColours(primary, backdrop?.colour && isHexColour(backdrop.colour) ? backdrop.colour : secondary);
  const image = backdrop?.image && isHttpUrl(backdrop.image) ? backdrop.image : null;
  const rootCss = customProperties({
    p: cssColour(colours.accent.drawn),
    bg: cssColour(colours.background.drawn),
    fg: cssColour(colours.text),
    f: cssFont(b.font),
    ...(image ? { bd: cssUrl(image) } : {}),
  });
  return { rootCss, background: colours.background.drawn, hasImage: image !== null };
}

/** Shown in the artwork's square while it loads, or instead of it when it fails (a note, 25% white). */
const PLACEHOLDER = `url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cpath fill='%23ffffff' fill-opacity='.35' d='${NOTE.path}'/%3E%3C/svg%3E")`;

const STYLESHEET = `*{box-sizing:border-box}html{background:var(--bg)}
body{margin:0;min-height:100vh;font-family:var(--f);background:var(--bg);color:var(--fg);display:flex;justify-content:center;align-items:flex-start;position:relative;overflow-x:hidden;line-height:1.4}
.bd{position:absolute;left:0;right:0;top:0;height:80vh;overflow:hidden;-webkit-mask-image:linear-gradient(#000 25%,transparent);mask-image:linear-gradient(#000 25%,transparent);pointer-events:none}
.bd::before{content:"";position:absolute;inset:0;background:var(--bd) center/cover;opacity:.6}
main{position:relative;width:100%;max-width:460px;padding:32px 16px 40px;text-align:center}
.logo{display:block;max-height:40px;max-width:160px;margin:0 auto 20px}
.art{display:block;width:100%;max-width:320px;height:auto;aspect-ratio:1;margin:0 auto;object-fit:cover;border-radius:14px;box-shadow:0 14px 40px rgba(0,0,0,.45);color:transparent;overflow:hidden;background:#2b2b33 ${PLACEHOLDER} center/40% no-repeat}
h1{font-size:1.6rem;margin:22px 0 4px;line-height:1.2;overflow-wrap:anywhere}.artist{margin:0 0 24px;font-size:1.05rem}
.svc{list-style:none;margin:0;padding:0;background:#fff;border-radius:14px;overflow:hidden;text-align:left;box-shadow:0 10px 30px rgba(0,0,0,.25)}
.svc li+li{border-top:1px solid #ececef}
.svc a{display:flex;gap:12px;align-items:center;min-height:60px;padding:10px 14px;color:#111;text-decoration:none;font-weight:600}
.svc a:hover{background:#f4f4f6}.svc a:focus-visible{background:#f4f4f6;outline:3px solid var(--p);outline-offset:-3px}
.ic{flex:none;border-radius:8px}.name{flex:1;min-width:0;overflow-wrap:anywhere}
.cta{flex:none;border:2px solid var(--p);color:var(--p);border-radius:999px;padding:5px 14px;font-size:.85rem;white-space:nowrap}
footer{margin-top:28px;font-size:.8rem}footer a{color:inherit}.remember{margin:16px 0 0;font-size:.9rem}
.status{padding-top:12vh}.status .ic{width:72px;height:72px;border-radius:18px}
.consent{position:fixed;left:12px;right:12px;bottom:12px;max-width:440px;margin:0 auto;background:#fff;color:#111;border-radius:14px;padding:14px 16px;box-shadow:0 8px 30px rgba(0,0,0,.5);text-align:left;font-size:.9rem}
body:has(.consent:not([hidden])) main{padding-bottom:240px}
.consent p{margin:0 0 8px}.consent-actions{display:flex;gap:8px}
.consent button{flex:1;padding:10px;border-radius:999px;border:2px solid #111;background:#fff;color:#111;font:inherit;font-weight:600;cursor:pointer}
.consent button:focus-visible{outline:3px solid #111;outline-offset:2px}
@media (min-width:720px){main{padding-top:64px}h1{font-size:2rem}}`;

export function layout({ lang, title, branding, head, body, beforeMain, afterMain, backdrop = null }: LayoutInput): PageTemplate {
  const style = pageStyle(branding, backdrop);
  const logo = branding.logo && isHttpUrl(branding.logo) ? branding.logo : null;
  return toTemplate(html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><meta name="theme-color" content="${style.background}">${head}
<style nonce="${NONCE}">${trusted(style.rootCss)}
${trusted(STYLESHEET)}
</style></head><body>${beforeMain}${style.hasImage ? html`<div class="bd" aria-hidden="true"></div>` : null}<main>${logo ? html`<img class="logo" src="${logo}" alt="">` : null}${body}</main>${afterMain}</body></html>`.value);
}

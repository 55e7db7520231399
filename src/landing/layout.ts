// The shell shared by the smartlink page and the 404 page: head, branding, stylesheet.
import { DEFAULT_BRANDING, FONTS, type Branding } from '../tenants/client.js';
import { isHttpUrl } from '../links/url.js';
import { html, trusted, type Html } from './html.js';

/**
 * Where the per-response CSP nonce goes. A raw "<" never comes out of escaped data, so tenant text
 * cannot forge this slot; `fillNonce` replaces it in the finished page.
 */
const NONCE_SLOT = '<nonce>';

/** A rendered page split at its nonce slots: built once, filled with one join per response. */
export type PageTemplate = readonly string[];

export function fillNonce(template: PageTemplate, nonce: string): string {
  return template.join(nonce);
}

export interface LayoutInput {
  readonly title: string;
  readonly branding: Branding;
  readonly head?: Html; // extra tags (Open Graph…)
  readonly body: Html;
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

export function layout({ title, branding, head, body }: LayoutInput): PageTemplate {
  const b = safeBranding(branding);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><meta name="theme-color" content="${b.secondary}">${head}
<style nonce="${trusted(NONCE_SLOT)}">
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
</style></head><body><main>${b.logo ? html`<img class="logo" src="${b.logo}" alt="">` : null}${body}</main></body></html>`.value.split(NONCE_SLOT);
}

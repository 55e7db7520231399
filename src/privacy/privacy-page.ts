// The fan-facing privacy page of a smartlink: what is collected, why, for how long, who to
// contact; the opt-out switch; today's erasure reference and a button that erases it at once; the
// preferred service this device remembers (landing/preferred-service.ts) and a button that forgets it.
import { html, type Html } from '../landing/html.js';
import { layout, NONCE, type PageTemplate } from '../landing/layout.js';
import type { Lang } from '../landing/messages.js';
import type { Landing } from '../links/landing-lookup.js';
import type { OptOut } from '../tracking/event.js';
import { NOTICE } from './notice-messages.js';

export interface PrivacyPageState {
  readonly optOut: OptOut | null;
  /** Today's visitor id of this fan for this client (null when opted out: there is none). */
  readonly reference: string | null;
  /** Records erased by the fan's request just now. */
  readonly erased?: number;
  /** The button pressed was refused: too many presses from this address. */
  readonly limited?: true;
  /** The name of the service this device remembers for the client's pages, null for none. */
  readonly preferred?: string | null;
  /** The fan just asked to forget it. */
  readonly forgotten?: true;
}

export function renderPrivacyPage({ client, smartlink }: Landing, lang: Lang, state: PrivacyPageState): PageTemplate {
  const n = NOTICE[lang];
  const facts = { client: client.name, retentionDays: client.settings.analyticsRetentionDays };
  const action = (path: string, label: string) => html`<form method="post" action="/privacy/${smartlink.slug}/${path}"><button type="submit">${label}</button></form>`;
  const contact = client.privacy.contact;
  const contactLink: Html | null = contact
    ? contact.includes('@') && !contact.startsWith('https://')
      ? html`<a href="${`mailto:${contact}`}">${contact}</a>`
      : html`<a href="${contact}" rel="noopener">${contact}</a>`
    : null;

  const body = html`<div class="doc">
<h1>${n.title(facts)}</h1>
${state.erased !== undefined ? html`<p class="done" role="status">${n.erased(state.erased)}</p>` : null}
${state.limited ? html`<p class="done" role="alert">${n.tooMany}</p>` : null}
${state.forgotten ? html`<p class="done" role="status">${n.forgotten}</p>` : null}
<h2>${n.whatTitle}</h2><p>${n.what(facts)}</p>
<h2>${n.howTitle}</h2><p>${n.how}</p>
<h2>${n.whyTitle}</h2><p>${n.why(facts)}</p>
<h2>${n.tagsTitle}</h2><p>${n.tags}</p>
<h2>${n.optOutTitle}</h2>
<p>${state.optOut === 'gpc' ? n.optedOutGpc : state.optOut ? n.optedOut : n.optedIn}</p>
${state.optOut === 'gpc' ? null : state.optOut ? action('opt-in', n.optIn) : action('opt-out', n.optOut)}
${state.reference ? html`<h2>${n.eraseTitle}</h2><p>${n.reference} <code>${state.reference}</code></p><p>${n.eraseHelp}</p>${action('erase', n.erase)}` : null}
<h2>${n.preferredTitle}</h2><p>${n.preferred(facts)}</p>
${state.preferred ? html`<p>${n.preferredSet(state.preferred)}</p>${action('forget-service', n.forget)}` : html`<p>${n.preferredNone}</p>`}
${contactLink || client.privacy.notice ? html`<h2>${n.contactTitle}</h2>${contactLink ? html`<p>${n.contact(facts)} ${contactLink}</p>` : null}${client.privacy.notice ? html`<p class="notice">${client.privacy.notice}</p>` : null}` : null}
<p><a href="/${smartlink.slug}?choose">${n.back}</a></p>
</div>`;

  const head = html`<meta name="robots" content="noindex"><style nonce="${NONCE}">
.doc{text-align:left;line-height:1.5}.doc h1{font-size:1.4rem}.doc h2{font-size:1.05rem;margin:24px 0 4px}.doc p{margin:0 0 8px}.doc a{color:inherit}
.doc code{word-break:break-all;background:rgba(128,128,128,.25);padding:1px 4px;border-radius:4px}.notice{white-space:pre-line}
.doc button{padding:10px 16px;border-radius:999px;border:2px solid var(--p);background:#fff;color:#111;font:inherit;font-weight:600;cursor:pointer}
.doc button:focus-visible{outline:3px solid var(--p);outline-offset:2px}.done{background:#fff;color:#111;border-radius:8px;padding:8px 12px}
</style>`;
  return layout({ lang, title: n.title(facts), branding: client.branding, head, body });
}

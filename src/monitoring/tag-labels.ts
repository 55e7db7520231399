// How the tags a browser reports on (its client_tags keys) are named in an alert: by the server's
// messages (alerts.ts) and the app's (web/src/notifications). No import: the web app bundles it.
export const TAG_LABELS: Readonly<Record<string, string>> = { gtm: 'GTM', ga4: 'GA4', meta: 'Meta Pixel', tiktok: 'TikTok Pixel' };

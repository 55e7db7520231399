// Security headers of the web app. Its scripts and styles are files of the build, never inline, so
// the policy is 'self' for both (React sets style properties through the CSSOM, which a
// style-src policy does not govern). Images may come from any https host: the preview shows a
// smartlink's artwork and a client's logo from wherever they are hosted. Nothing may frame the app.

export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const APP_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': APP_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

// A country as a smartlink names one (per-country links, hiddenIn, routing rules) and the catalogue
// resolver asks for one (storefronts): ISO 3166-1 alpha-2, upper case.
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/** The same, as a JSON-schema string (the API's schemas). */
export const COUNTRY_CODE_SCHEMA = { type: 'string', pattern: COUNTRY_CODE.source } as const;

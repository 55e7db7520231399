// A country as a smartlink names one (per-country links, hiddenIn, routing rules), a client's
// consent regions name one, and the catalogue resolver asks for one (storefronts): ISO 3166-1
// alpha-2, upper case. Input may be in any case ("fr"); it is stored upper case, and a code that is
// not assigned ("XX") is refused by name.
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/** The same, as a JSON-schema string (the API's schemas, where only upper case is taken). */
export const COUNTRY_CODE_SCHEMA = { type: 'string', pattern: COUNTRY_CODE.source } as const;

/** A country as the API takes it from people: checked against the list by toCountryCode (the message names the code). */
export const COUNTRY_INPUT_SCHEMA = { type: 'string', minLength: 1, maxLength: 10, description: 'ISO 3166-1 alpha-2 country code, any case (stored upper case)' } as const;

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes, and XK (Kosovo): user-assigned, but the
 * code GeoIP databases give Kosovo's fans, so a rule for them must be possible.
 */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`.split(/\s+/),
);

/** The code, upper case, if it names a country; null otherwise. */
export function toCountryCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const code = input.trim().toUpperCase();
  return COUNTRY_CODES.has(code) ? code : null;
}

/** What to say about a code that is not a country (quoted, cut short). */
export function notACountry(input: unknown): string {
  return `"${String(input).slice(0, 10)}" is not an ISO 3166-1 alpha-2 country code (such as FR, GB, US)`;
}

// Values written into the pages' <style>: never through the HTML escaper (inside <style> the
// browser does not decode entities, so `&quot;Segoe UI&quot;` would be CSS garbage), only through
// these constructors, each safe by construction: a #rrggbb colour, a font stack from FONTS (code
// constants), a url() with every character outside a small set escaped (so no quote, backslash,
// newline or "<" of a value can end the string, the declaration or the element).
import { FONTS } from '../tenants/client.js';
import { isHexColour } from './contrast.js';

export class CssValue {
  private constructor(readonly value: string) {}
  /** Only the constructors below make one. */
  static of(value: string): CssValue {
    return new CssValue(value);
  }
}

export function cssColour(hex: string): CssValue {
  if (!isHexColour(hex)) throw new Error(`not a #rrggbb colour: ${JSON.stringify(hex)}`);
  return CssValue.of(hex.toLowerCase());
}

/** The stack of a FONTS key; the system stack for anything else. */
export function cssFont(key: string): CssValue {
  return CssValue.of(Object.hasOwn(FONTS, key) ? FONTS[key as keyof typeof FONTS] : FONTS.system);
}

const URL_SAFE = /[A-Za-z0-9/:._~?&=%+,;@!$*-]/;

/** url("…") of a URL, every other character escaped as a CSS hex escape (`\3c `). */
export function cssUrl(url: string): CssValue {
  let out = '';
  for (const ch of url) out += URL_SAFE.test(ch) ? ch : `\\${(ch.codePointAt(0) as number).toString(16)} `;
  return CssValue.of(`url("${out}")`);
}

/** `:root{--name:value;…}` from safe values. */
export function customProperties(vars: Readonly<Record<string, CssValue>>): string {
  return `:root{${Object.entries(vars)
    .map(([name, v]) => {
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad custom property name: ${name}`);
      return `--${name}:${v.value}`;
    })
    .join(';')}}`;
}

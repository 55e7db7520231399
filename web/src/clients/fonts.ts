// The font choices of a smartlink page (src/tenants/client.ts FONTS, whose module the web app
// cannot load): system stacks, nothing to download. Their names are the `branding.fonts` messages.
const STACKS = {
  system: 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif',
  serif: 'Georgia,"Times New Roman",serif',
  mono: 'ui-monospace,Menlo,Consolas,monospace',
  rounded: 'ui-rounded,"SF Pro Rounded",system-ui,sans-serif',
  condensed: '"Arial Narrow","Roboto Condensed",system-ui,sans-serif',
} as const;

export type FontId = keyof typeof STACKS;
export const FONT_IDS = Object.keys(STACKS) as FontId[];

/** The CSS font stack of a font id (the system one for an unknown id). */
export const fontStack = (id: string | undefined): string => STACKS[(id ?? 'system') as FontId] ?? STACKS.system;

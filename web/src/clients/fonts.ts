// The font choices of a smartlink page (src/tenants/client.ts FONTS): system stacks, nothing to download.

export const FONTS: Readonly<Record<string, { readonly name: string; readonly stack: string }>> = {
  system: { name: 'System sans-serif', stack: 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif' },
  serif: { name: 'Serif', stack: 'Georgia,"Times New Roman",serif' },
  mono: { name: 'Monospace', stack: 'ui-monospace,Menlo,Consolas,monospace' },
  rounded: { name: 'Rounded', stack: 'ui-rounded,"SF Pro Rounded",system-ui,sans-serif' },
  condensed: { name: 'Condensed', stack: '"Arial Narrow","Roboto Condensed",system-ui,sans-serif' },
};

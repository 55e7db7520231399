// Every message exists in both languages, is not empty, and uses the same {{placeholders}} in
// French as in English (a renamed or forgotten placeholder would show raw or lose a number).
import { describe, expect, it } from 'vitest';
import { namespaces } from './resources';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe.each(Object.entries(namespaces))('messages of "%s"', (_name, messages) => {
  const en = leaves(messages.en as Tree);
  const fr = leaves(messages.fr as Tree);

  it('has the same keys in French and English', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('has no empty message, and the same placeholders in both', () => {
    for (const [key, text] of en) {
      expect(text.trim(), key).not.toBe('');
      expect(fr.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(fr.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});

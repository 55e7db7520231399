import { describe, expect, it } from 'vitest';
import { i18n, withManyForms } from './i18n';

describe('French plurals', () => {
  it('gives every _other message a _many twin, deep inside too', () => {
    expect(withManyForms({ views_one: '{{count}} vue', views_other: '{{count}} vues', panel: { clicks_other: 'clics' }, title: 'Titre' })).toEqual({
      views_one: '{{count}} vue',
      views_other: '{{count}} vues',
      views_many: '{{count}} vues',
      panel: { clicks_other: 'clics', clicks_many: 'clics' },
      title: 'Titre',
    });
  });

  it('writes a whole million in French with the plural and French digit groups, not the raw key', async () => {
    await i18n.changeLanguage('fr');
    expect(i18n.t('notifications:bell', { count: 1_000_000 }).replace(/\s/g, ' ')).toBe('Notifications, 1 000 000 non lues');
    expect(i18n.t('notifications:bell', { count: 1 })).toBe('Notifications, 1 non lue');
    await i18n.changeLanguage('en');
    expect(i18n.t('notifications:bell', { count: 0 })).toBe('Notifications, none unread');
  });
});

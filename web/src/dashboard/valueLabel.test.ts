import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n';
import { valueLabel } from './valueLabel';

const row = (value: string, label = value) => ({ value, label });

describe('how a breakdown value reads', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it.each([
    ['en', 'channel', row('email'), 'E-mail'],
    ['fr', 'channel', row('social'), 'Réseaux sociaux'],
    ['fr', 'device', row('desktop'), 'Ordinateur'],
    ['en', 'consent', row('not_required'), 'Not asked (no consent needed)'],
    ['fr', 'consent', row('denied'), 'Refusé'],
    ['en', 'opt_out', row('gpc'), 'Global Privacy Control'],
    ['en', 'opt_out', row('', '(measured)'), '(measured)'],
    ['fr', 'opt_out', row('', '(measured)'), '(mesuré)'],
    ['fr', 'referrer', row('', '(direct)'), '(accès direct)'],
    ['en', 'utm_campaign', row('', '(none)'), '(no campaign)'],
    ['fr', 'os', row('', '(none)'), '(aucun)'],
    ['fr', 'country', row('DE'), 'Allemagne'],
    ['en', 'service', row('spotify'), 'Spotify'],
    ['en', 'city', row('FR:Paris', 'Paris (FR)'), 'Paris (FR)'],
    ['en', 'channel', row('carrier-pigeon'), 'carrier-pigeon'],
  ] as const)('%s %s %j → %s', async (language, dimension, r, expected) => {
    await i18n.changeLanguage(language);
    expect(valueLabel(dimension, r)).toBe(expected);
  });
});

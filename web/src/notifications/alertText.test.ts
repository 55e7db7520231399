import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n';
import { alertText } from './alertText';

const words = (language: 'en' | 'fr') => i18n.getFixedT(language, 'notifications');
const spaces = (text: string) => text.replace(/\s/g, ' ');

describe('alertText', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it('words a spike from its figures, in English and French, as the level says', async () => {
    const spike = { rule: 'traffic_spike', message: 'Nova: 1250 views…', details: { current: 1250, previous: [400, 380, 410, 390, 420, 405, 395], usual: 400, level: 'usual' } } as const;
    expect(alertText(spike, words('en'))).toBe('1,250 views in the last hour, 3.1 times the usual 400 (median of the same hour on the previous 7 days).');
    await i18n.changeLanguage('fr'); // the number formats follow the app's language
    expect(spaces(alertText(spike, words('fr')))).toBe('1 250 vues sur la dernière heure, 3,1 fois le niveau habituel de 400 (médiane de la même heure sur les 7 jours précédents).');
    const newClient = { ...spike, details: { current: 110, previous: [0, 0, 0, 0, 0, 0, 0], usual: 0, level: 'none_yet' } };
    expect(alertText(newClient, words('fr'))).toBe('110 vues sur la dernière heure ; pas encore de niveau habituel (aucune vue sur les 7 jours précédents : un nouveau client ou son premier trafic).');
  });

  it('words the tracking rate and failing or blocked tags', async () => {
    await i18n.changeLanguage('en');
    const rate = { rule: 'tracking_rate', message: 'x', details: { details: { browserConfirmedViews: 200, browserConfirmedViewsStoredByServer: 180 }, alertBelow: 95 } } as const;
    expect(alertText(rate, words('en'))).toBe('Server tracking rate 90.0% over the last hour (180 of 200 browser-confirmed views stored; alert below 95.0%).');
    const tags = { rule: 'tags_failing', message: 'x', details: { confirmations: 24, failed: 20, failures: { gtm: 20 }, blockedHosts: [{ host: 'cdn.example.net', reports: 7 }] } } as const;
    expect(alertText(tags, words('en'))).toBe(
      'Tags failed to load in 83.3% of the browsers that showed a page in the last hour (20 of 24: GTM 20). The page’s policy blocked cdn.example.net (7) in the last hour: add the host to the tag policy’s allow-list, or remove the tag.',
    );
  });

  it('falls back to the stored English message when the figures are missing or unreadable', () => {
    expect(alertText({ rule: 'traffic_spike', message: 'Stored message.', details: {} }, words('fr'))).toBe('Stored message.');
    expect(alertText({ rule: 'tracking_rate', message: 'Stored message.', details: { details: 'nope', alertBelow: 95 } }, words('fr'))).toBe('Stored message.');
    expect(alertText({ rule: 'tags_failing', message: 'Stored message.', details: { confirmations: 30, failed: 1, failures: {}, blockedHosts: [] } }, words('fr'))).toBe('Stored message.');
  });
});

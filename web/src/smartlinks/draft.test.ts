import { describe, expect, it } from 'vitest';
import type { Smartlink } from '../api/types';
import { bodyOf, draftOf, editedRow, moved, serviceDraftOf, slugify, type RowChange } from './draft';

describe('the smartlink form', () => {
  it.each([
    ['up from the middle', 1, -1, ['b', 'a', 'c']],
    ['down from the middle', 1, 1, ['a', 'c', 'b']],
    ['up from the top (stays)', 0, -1, ['a', 'b', 'c']],
    ['down from the bottom (stays)', 2, 1, ['a', 'b', 'c']],
  ])('moves an item %s', (_name, index, delta, expected) => expect(moved(['a', 'b', 'c'], index, delta)).toEqual(expected));

  it.each([
    [['Nova Lune', 'Midnight Drive!'], 'nova-lune-midnight-drive'],
    [['Beyoncé', 'Déjà Vu'], 'beyonce-deja-vu'],
    [['  ', '***'], ''],
  ])('slugifies %j as %s', (parts, expected) => expect(slugify(...parts)).toBe(expected));

  it('turns a stored smartlink into the form and back into the same API body', () => {
    const stored: Smartlink = {
      id: 's1',
      clientId: 'c1',
      slug: 'midnight-drive',
      artistName: 'Nova Lune',
      trackTitle: 'Midnight Drive',
      artworkUrl: null,
      releaseDate: '2026-11-20',
      status: 'live',
      tracking: null,
      createdAt: 0,
      updatedAt: 0,
      services: [
        { service: 'amazon-music', url: 'https://music.amazon.com/a', countries: { FR: 'https://music.amazon.fr/a' }, hiddenIn: ['JP'], appUris: { ios: 'music://album/a' } },
        { service: 'my-shop', url: 'https://shop.example/a', label: 'Our shop' },
      ],
      catalogue: { upc: '5021732000013', sourceUrl: 'https://open.spotify.com/album/a' },
      routing: null,
      artwork: null,
    };
    const draft = draftOf(stored);
    expect(draft.services.map((s) => s.custom)).toEqual([false, true]);
    expect(bodyOf(draft)).toEqual({
      artistName: 'Nova Lune',
      trackTitle: 'Midnight Drive',
      slug: 'midnight-drive',
      artworkUrl: null,
      releaseDate: '2026-11-20',
      status: 'live',
      services: stored.services,
      catalogue: stored.catalogue,
      routing: null,
      tracking: null,
    });
  });

  it('leaves out empty country rows and upper-cases country codes', () => {
    const draft = draftOf();
    const service = { ...draft.services[0]!, url: 'https://open.spotify.com/x', overrides: [{ key: 1, country: 'fr', url: 'https://open.spotify.com/fr' }, { key: 2, country: '', url: '' }] };
    expect(bodyOf({ ...draft, services: [service] }).services).toEqual([{ service: 'spotify', url: 'https://open.spotify.com/x', countries: { FR: 'https://open.spotify.com/fr' } }]);
  });

  describe('editing a row the resolver filled', () => {
    const resolved = () =>
      serviceDraftOf(
        { service: 'spotify', url: 'https://open.spotify.com/album/old', countries: { GB: 'https://open.spotify.com/album/old?gb' }, hiddenIn: ['JP'], appUris: { ios: 'spotify:album:old' } },
        { source: 'spotify', confidence: 1, review: false },
      );
    const apiLink = (row: ReturnType<typeof resolved>) => bodyOf({ ...draftOf(), services: [row] }).services[0];

    it.each<[string, RowChange]>([
      ['switched to another service', { service: 'deezer', label: '' }],
      ['switched to a custom service', { custom: true, service: '', label: '' }],
      ['given another link', { url: 'https://open.spotify.com/album/new' }],
    ])('drops the app URI, the hidden countries and the source mark when %s', (_name, change) => {
      const row = editedRow(resolved(), change);
      expect(row).toMatchObject({ ...change, appUris: null, hiddenIn: [], origin: null });
      expect(apiLink(row)).not.toHaveProperty('appUris');
      expect(apiLink(row)).not.toHaveProperty('hiddenIn');
      expect(row.overrides).toHaveLength(1); // the per-country links are on the screen: they stay
    });

    it.each<[string, RowChange]>([
      ['its label changed', { label: 'Spotify (deluxe)' }],
      ['a per-country link added', { overrides: [{ key: 99, country: 'FR', url: 'https://open.spotify.com/album/old?fr' }] }],
      ['confirmed', { origin: { source: 'spotify', confidence: 1, review: false } }],
      ['the same service chosen again', { service: 'spotify', custom: false }],
    ])('keeps them when %s', (_name, change) => {
      const row = editedRow(resolved(), change);
      expect(row).toMatchObject({ appUris: { ios: 'spotify:album:old' }, hiddenIn: ['JP'], origin: { source: 'spotify' } });
      expect(apiLink(row)).toMatchObject({ appUris: { ios: 'spotify:album:old' }, hiddenIn: ['JP'] });
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadQuery, gtinCheckDigit, parseQuery, upcVariants } from './query.js';

describe('parseQuery', () => {
  it.each([
    { name: 'Spotify album', input: 'https://open.spotify.com/album/2Z8WuEywRWYTKe1NybPQEW?si=abc', want: { service: 'spotify', kind: 'album', id: '2Z8WuEywRWYTKe1NybPQEW' } },
    { name: 'Spotify track, localised path', input: 'https://open.spotify.com/intl-fr/track/4uLU6hMCjMI75M1A2tKUQC', want: { service: 'spotify', kind: 'track', id: '4uLU6hMCjMI75M1A2tKUQC' } },
    { name: 'Spotify URI', input: 'spotify:album:2Z8WuEywRWYTKe1NybPQEW', want: { service: 'spotify', kind: 'album', id: '2Z8WuEywRWYTKe1NybPQEW', url: 'https://open.spotify.com/album/2Z8WuEywRWYTKe1NybPQEW' } },
    { name: 'Apple Music album', input: 'https://music.apple.com/us/album/harbour-lights/1700000001', want: { service: 'apple-music', kind: 'album', id: '1700000001' } },
    { name: 'Apple Music track in an album (?i=)', input: 'https://music.apple.com/gb/album/harbour-lights/1700000001?i=1700000002', want: { service: 'apple-music', kind: 'track', id: '1700000002' } },
    { name: 'Apple Music song page', input: 'https://music.apple.com/us/song/low-tide/1700000003', want: { service: 'apple-music', kind: 'track', id: '1700000003' } },
    { name: 'legacy iTunes link', input: 'https://itunes.apple.com/us/album/harbour-lights/id1700000001', want: { service: 'apple-music', kind: 'album', id: '1700000001' } },
    { name: 'Deezer album with language', input: 'https://www.deezer.com/fr/album/302127', want: { service: 'deezer', kind: 'album', id: '302127' } },
    { name: 'TIDAL browse track', input: 'https://tidal.com/browse/track/77646168', want: { service: 'tidal', kind: 'track', id: '77646168' } },
    { name: 'YouTube Music album playlist', input: 'https://music.youtube.com/playlist?list=OLAK5uy_abc', want: { service: 'youtube-music', kind: 'album', id: 'OLAK5uy_abc' } },
    { name: 'YouTube short link', input: 'https://youtu.be/dQw4w9WgXcQ', want: { service: 'youtube', kind: 'track', id: 'dQw4w9WgXcQ' } },
    { name: 'Amazon Music track in album', input: 'https://music.amazon.co.uk/albums/B0FXHARBR1?trackAsin=B0FXHARBT1', want: { service: 'amazon-music', kind: 'track', id: 'B0FXHARBT1' } },
    { name: 'SoundCloud set', input: 'https://soundcloud.com/lanterns/sets/harbour-lights', want: { service: 'soundcloud', kind: 'album', id: 'lanterns/sets/harbour-lights' } },
    { name: 'Bandcamp album', input: 'https://lanterns.bandcamp.com/album/harbour-lights', want: { service: 'bandcamp', kind: 'album', id: 'lanterns/harbour-lights' } },
  ])('reads a $name link', ({ input, want }) => {
    expect(parseQuery(input)).toMatchObject({ type: 'url', ...want });
  });

  it.each([
    { name: 'UPC-A', input: '505616710003', want: { type: 'upc', upc: '505616710003' } },
    { name: 'EAN-13 with spaces', input: ' 0 505616 710003 ', want: { type: 'upc', upc: '0505616710003' } },
    { name: 'ISRC with hyphens, lower case', input: 'us-rc1-76-07839', want: { type: 'isrc', isrc: 'USRC17607839' } },
  ])('reads a $name', ({ input, want }) => {
    expect(parseQuery(input)).toEqual(want);
  });

  it.each([
    { name: 'empty', input: '  ', message: /^Paste a release or track URL/ },
    { name: 'too few digits', input: '12345', message: /A UPC has 12 to 14 digits.*has 5/ },
    { name: 'a wrong check digit', input: '505616710004', message: /should be 3/ },
    { name: 'an artist page', input: 'https://open.spotify.com/artist/0PaperLanternsArtist0x', message: /open\.spotify\.com\/artist\/.* is not a release or track link/ },
    { name: 'a playlist', input: 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M', message: /is not a release or track link/ },
    { name: 'a javascript: URL', input: 'javascript:alert(1)', message: /is not an http\(s\) URL/ },
    { name: 'another site', input: 'https://example.com/album/1', message: /example\.com\/album\/1 is not a release/ },
  ])('refuses $name with a message', ({ input, message }) => {
    expect(() => parseQuery(input)).toThrow(BadQuery);
    expect(() => parseQuery(input)).toThrow(message);
  });

  it('accepts every GTIN whose check digit is right, and refuses every other last digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11,13}$/), fc.integer({ min: 0, max: 9 }), (body, last) => {
        const code = `${body}${last}`;
        if (last === gtinCheckDigit(body)) expect(parseQuery(code)).toEqual({ type: 'upc', upc: code });
        else expect(() => parseQuery(code)).toThrow(BadQuery);
      }),
    );
  });

  it('reads any well-formed ISRC, however it is written', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/), fc.boolean(), (isrc, hyphens) => {
        const written = hyphens ? `${isrc.slice(0, 2)}-${isrc.slice(2, 5)}-${isrc.slice(5, 7)}-${isrc.slice(7)}`.toLowerCase() : isrc;
        expect(parseQuery(written)).toEqual({ type: 'isrc', isrc });
      }),
    );
  });

  it('never throws anything but BadQuery, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (input) => {
        try {
          parseQuery(input);
        } catch (err) {
          expect(err).toBeInstanceOf(BadQuery);
        }
      }),
    );
  });
});

describe('upcVariants', () => {
  it.each([
    { upc: '505616710003', want: ['505616710003', '0505616710003'] },
    { upc: '0505616710003', want: ['0505616710003', '505616710003'] },
    { upc: '5056167100036', want: ['5056167100036'] },
  ])('$upc → $want', ({ upc, want }) => expect(upcVariants(upc)).toEqual(want));
});

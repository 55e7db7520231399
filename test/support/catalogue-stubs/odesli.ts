// Odesli answers in the shape of its API documentation
// (https://linktree.notion.site/API-d0ebe08a5e304a55928405eb682f6741): entityUniqueId, userCountry,
// pageUrl, linksByPlatform { platform: { country, url, nativeAppUriMobile?, nativeAppUriDesktop?,
// entityUniqueId } }, entitiesByUniqueId { id: { id, type, title, artistName, thumbnailUrl, …,
// apiProvider, platforms } }. An unknown URL: 404 { statusCode: 404, code: 'could_not_resolve_entity' }.
import { AMAZON_STOREFRONTS, FIXTURE_ALBUM as A, FIXTURE_TRACKS, type World } from './release.js';
import type { Reply } from './reply.js';

type Item = { kind: 'album' | 'song'; title: string; spotifyId: string; appleId: string; deezerId: string; tidalId: string; asin: string; youtube: string };

const ALBUM: Item = { kind: 'album', title: A.title, spotifyId: A.spotifyId, appleId: A.appleId, deezerId: A.deezerId, tidalId: A.tidalId, asin: A.amazonAsin, youtube: A.youtubeList };
const SONGS: Item[] = FIXTURE_TRACKS.map((t, i) => ({ kind: 'song', title: t.title, spotifyId: t.spotifyId, appleId: t.appleId, deezerId: t.deezerId, tidalId: `30000001${i + 1}`, asin: `B0FXHARBT${i + 1}`, youtube: `hLtrack0${i + 1}` }));

/** Which fixture item a URL names, on any platform Odesli reads. */
function itemOf(url: string): Item | null {
  return (
    [ALBUM, ...SONGS].find((item) => {
      const type = item.kind === 'album' ? 'album' : 'track';
      return (
        url.includes(`open.spotify.com/${type}/${item.spotifyId}`) ||
        url.includes(`deezer.com/${type}/${item.deezerId}`) ||
        url.includes(`tidal.com/${type}/${item.tidalId}`) ||
        (item.kind === 'album' ? new RegExp(`apple\\.com/.*/album/.*${item.appleId}(\\?|$)`).test(url) && !url.includes('?i=') : url.includes(`i=${item.appleId}`))
      );
    }) ?? null
  );
}

export function odesliAnswer(query: URLSearchParams, world: World): Reply {
  const item = itemOf(query.get('url') ?? '');
  if (!item) return { status: 404, body: { statusCode: 404, code: 'could_not_resolve_entity' } };
  const country = query.get('userCountry') ?? 'US';
  const cc = country.toLowerCase();
  const TYPE = item.kind === 'album' ? 'ALBUM' : 'SONG';
  const type = item.kind === 'album' ? 'album' : 'track';
  const entity = (provider: string, id: string) => ({ id, type: item.kind, title: item.title, artistName: A.artist, thumbnailUrl: A.artwork.spotify, thumbnailWidth: 640, thumbnailHeight: 640, apiProvider: provider, platforms: [provider] });
  const entities: Record<string, unknown> = {};
  const links: Record<string, unknown> = {};
  const add = (platform: string, provider: string, uid: string, id: string, link: Record<string, string>) => {
    entities[uid] = entity(provider, id);
    links[platform] = { country, ...link, entityUniqueId: uid };
  };
  if (world.spotifyIndexed) add('spotify', 'spotify', `SPOTIFY_${TYPE}::${item.spotifyId}`, item.spotifyId, { url: `https://open.spotify.com/${type}/${item.spotifyId}`, nativeAppUriDesktop: `spotify:${type}:${item.spotifyId}` });
  const apple = item.kind === 'album' ? `https://geo.music.apple.com/${cc}/album/_/${item.appleId}` : `https://geo.music.apple.com/${cc}/album/_/${A.appleId}?i=${item.appleId}`;
  const q = (params: string) => (apple.includes('?') ? `&${params}` : `?${params}`);
  add('appleMusic', 'itunes', `ITUNES_${TYPE}::${item.appleId}`, item.appleId, { url: `${apple}${q('mt=1&app=music&ls=1&at=1000lHKX&ct=api_http&itscg=30200&itsct=odsl_m')}`, nativeAppUriMobile: `music://music.apple.com/${cc}/album/_/${A.appleId}${item.kind === 'song' ? `?i=${item.appleId}` : ''}`, nativeAppUriDesktop: `itms://music.apple.com/${cc}/album/_/${A.appleId}` });
  add('itunes', 'itunes', `ITUNES_${TYPE}::${item.appleId}`, item.appleId, { url: `${apple}${q('mt=1&app=itunes&ls=1&at=1000lHKX&ct=api_http')}`, nativeAppUriMobile: `itmss://itunes.apple.com/${cc}/album/_/${A.appleId}?mt=1&app=itunes`, nativeAppUriDesktop: `itmss://itunes.apple.com/${cc}/album/_/${A.appleId}?mt=1&app=itunes` });
  add('deezer', 'deezer', `DEEZER_${TYPE}::${item.deezerId}`, item.deezerId, { url: `https://www.deezer.com/${type}/${item.deezerId}`, nativeAppUriMobile: `deezer://www.deezer.com/${type}/${item.deezerId}`, nativeAppUriDesktop: `deezer://www.deezer.com/${type}/${item.deezerId}` });
  const yt = item.kind === 'album' ? `playlist?list=${item.youtube}` : `watch?v=${item.youtube}`;
  add('youtubeMusic', 'youtube', `YOUTUBE_${TYPE}::${item.youtube}`, item.youtube, { url: `https://music.youtube.com/${yt}` });
  add('youtube', 'youtube', `YOUTUBE_${TYPE}::${item.youtube}`, item.youtube, { url: `https://www.youtube.com/${yt}` });
  if (AMAZON_STOREFRONTS.includes(country)) {
    const host = { US: 'com', GB: 'co.uk', FR: 'fr', DE: 'de' }[country as 'US'];
    add('amazonMusic', 'amazon', `AMAZON_${TYPE}::${item.asin}`, item.asin, { url: `https://music.amazon.${host}/${item.kind === 'album' ? 'albums' : 'tracks'}/${item.asin}` });
    add('amazonStore', 'amazon', `AMAZON_${TYPE}::${item.asin}`, item.asin, { url: `https://amazon.${host}/dp/${item.asin}?tag=songlink0f-20` });
  }
  if (world.tidalReleased) add('tidal', 'tidal', `TIDAL_${TYPE}::${item.tidalId}`, item.tidalId, { url: `https://listen.tidal.com/${type}/${item.tidalId}` });
  const asked = (query.get('url') ?? '').includes('deezer.com') ? `DEEZER_${TYPE}::${item.deezerId}` : (query.get('url') ?? '').includes('apple.com') ? `ITUNES_${TYPE}::${item.appleId}` : `SPOTIFY_${TYPE}::${item.spotifyId}`;
  if (!entities[asked]) entities[asked] = entity('spotify', item.spotifyId);
  return { status: 200, body: { entityUniqueId: asked, userCountry: country, pageUrl: `https://${item.kind}.link/s/${item.spotifyId}`, linksByPlatform: links, entitiesByUniqueId: entities } };
}

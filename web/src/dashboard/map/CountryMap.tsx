// The choropleth of views by country: world-atlas's 110m countries (bundled as an asset of this
// server, fetched on first use) in the Equal Earth projection, each coloured by its level, a
// <title> per country for the pointer, and a legend. Loaded lazily: it is the dashboard's
// largest piece. The list of top countries is its keyboard and screen-reader equivalent.
import { useQuery } from '@tanstack/react-query';
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import { countryName, formatCount } from '../../ui/format';
import { alpha2Code } from './countryCodes';
import { levelBounds, levelOf } from './levels';

const WIDTH = 960;
const HEIGHT = 470;
const ANTARCTICA = '010';

type Atlas = Topology<{ countries: GeometryCollection<{ name: string }> }>;

interface Shape {
  readonly key: string;
  /** ISO alpha-2, when the shape has one. */
  readonly code: string | undefined;
  readonly d: string;
}

async function loadShapes(signal: AbortSignal): Promise<Shape[]> {
  const res = await fetch(atlasUrl, { signal });
  if (!res.ok) throw new Error(`world map: ${res.status}`);
  const atlas = (await res.json()) as Atlas;
  const countries = feature(atlas, atlas.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const shown = { ...countries, features: countries.features.filter((f) => f.id !== ANTARCTICA) };
  const path = geoPath(geoEqualEarth().fitSize([WIDTH, HEIGHT], shown));
  return shown.features.map((f, i) => ({ key: `${String(f.id ?? f.properties.name)}-${i}`, code: alpha2Code(f.id), d: path(f) ?? '' }));
}

export default function CountryMap({ views }: { readonly views: ReadonlyMap<string, number> }) {
  const { t } = useTranslation('dashboard');
  const shapes = useQuery({ queryKey: ['world-atlas'], queryFn: ({ signal }) => loadShapes(signal), staleTime: Infinity });
  const bounds = useMemo(() => levelBounds(Math.max(0, ...views.values())), [views]);
  if (shapes.error) return <p className="message message-error">{t('countries.failed')}</p>;
  if (!shapes.data) return <p className="loading">{t('countries.loading')}</p>;
  const legend = bounds.map((b, i) => ({ level: levelOf(b, bounds), from: i === 0 ? 1 : (bounds[i - 1] as number) + 1, to: b }));
  return (
    <figure className="country-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('countries.mapLabel')} className="map-svg">
        {shapes.data.map((s) => {
          const n = (s.code && views.get(s.code)) || 0;
          return (
            <path key={s.key} d={s.d} className={`map-country map-level-${levelOf(n, bounds)}`} data-country={s.code}>
              <title>{`${s.code ? countryName(s.code) : ''}: ${t('views', { count: n, n: formatCount(n) })}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <ul className="map-legend" aria-label={t('countries.legend')}>
          <li>
            <span className="map-swatch map-level-0" aria-hidden="true" />
            {t('countries.noViews')}
          </li>
          {legend.map((l) => (
            <li key={l.to}>
              <span className={`map-swatch map-level-${l.level}`} aria-hidden="true" />
              {l.from === l.to ? formatCount(l.to) : `${formatCount(l.from)}–${formatCount(l.to)}`}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

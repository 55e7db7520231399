// The headline figures of the period, each with its definition right under it.
import type { Overview } from '../api/analytics';
import { METRICS } from './metrics';

export function OverviewCards({ overview }: { readonly overview: Overview | undefined }) {
  return (
    <ul className="cards" aria-label="Overview">
      {METRICS.map((m) => (
        <li key={m.key} className="card metric" data-metric={m.key}>
          <h2 className="metric-name" id={`metric-${m.key}`}>
            {m.name}
          </h2>
          <p className="metric-value" data-testid={`metric-${m.key}`}>
            {overview ? m.format(overview) : '…'}
          </p>
          <p className="metric-definition">{m.definition}</p>
        </li>
      ))}
    </ul>
  );
}

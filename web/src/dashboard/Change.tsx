// A figure's change from the previous period: the signed percentage in words ("+12.0 %"), an arrow
// and a colour (never the colour alone); "—" when the previous period had nothing.
import { useTranslation } from 'react-i18next';
import { formatGrowth } from '../ui/format';

export type Direction = 'up' | 'down' | 'same' | 'none';

export function direction(change: number | null): Direction {
  return change === null ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'same';
}

const ARROWS: Readonly<Record<Direction, string>> = { up: '▲', down: '▼', same: '=', none: '' };

interface Props {
  readonly change: number | null;
  /** The previous period's figure, as it reads. */
  readonly previous: string;
  /** The period's length in days. */
  readonly days: number;
  /** Only the arrow and the percentage (a table cell); the rest is in its title. */
  readonly compact?: boolean;
}

export function Change({ change, previous, days, compact = false }: Props) {
  const { t } = useTranslation('dashboard');
  const dir = direction(change);
  const full =
    change === null
      ? days === 1 ? t('change.nothingBeforeOne') : t('change.nothingBefore', { days })
      : days === 1 ? t('change.versusOne', { change: formatGrowth(change), previous }) : t('change.versus', { change: formatGrowth(change), previous, days });
  return (
    <span className={`change change-${dir}`} data-change={dir} title={compact ? full : undefined}>
      {ARROWS[dir] ? <span aria-hidden="true">{ARROWS[dir]} </span> : null}
      {compact ? (
        <>
          <span aria-hidden="true">{formatGrowth(change)}</span>
          <span className="offscreen">{full}</span>
        </>
      ) : (
        full
      )}
    </span>
  );
}

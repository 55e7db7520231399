// How a breakdown's value reads in the app's language: a service or a country by its name, a
// channel, device type, consent state or opt-out by its meaning, '' as "(none)" for its dimension; other values
// (cities, referrers, UTM tags) as the API labels them.
import type { BreakdownRow, Dimension } from '../api/analytics';
import { i18n } from '../i18n/i18n';
import { serviceLabel } from '../smartlinks/catalogue';
import { countryName } from '../ui/format';

type Words = Readonly<Record<string, string>>;
const words = (key: 'channels' | 'devices' | 'consentStates' | 'optOuts'): Words => i18n.t(`dashboard:${key}`, { returnObjects: true }) as Words;
const NONE = ['referrer', 'consent', 'opt_out', 'utm_campaign'] as const;

export function valueLabel(dimension: Dimension, row: Pick<BreakdownRow, 'value' | 'label'>): string {
  const { value } = row;
  if (value === '') return (NONE as readonly string[]).includes(dimension) ? i18n.t(`dashboard:none.${dimension as (typeof NONE)[number]}`) : dimension === 'country' ? countryName('') : i18n.t('dashboard:none.any');
  if (dimension === 'service') return serviceLabel(value, undefined);
  if (dimension === 'country') return countryName(value);
  if (dimension === 'channel') return words('channels')[value] ?? value;
  if (dimension === 'device') return words('devices')[value] ?? value;
  if (dimension === 'consent') return words('consentStates')[value] ?? value;
  if (dimension === 'opt_out') return words('optOuts')[value] ?? value;
  return row.label || value;
}

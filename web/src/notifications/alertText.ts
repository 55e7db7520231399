// What an alert says, in the app's language: written from the figures it was opened with (the
// API's `details`), the English `message` when they are not there (an alert from an older version).
import type { TFunction } from 'i18next';
import { TAG_LABELS } from '../../../src/monitoring/tag-labels';
import type { Alert } from '../api/types';
import { formatDecimal, formatFraction, formatPercent } from '../ui/format';

type Words = TFunction<'notifications'>;
type Figures = Readonly<Record<string, unknown>>;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isFigures = (value: unknown): value is Figures => value !== null && typeof value === 'object' && !Array.isArray(value);

export function alertText(alert: Pick<Alert, 'rule' | 'message' | 'details'>, t: Words): string {
  const details: unknown = alert.details;
  if (!isFigures(details)) return alert.message;
  return (alert.rule === 'tracking_rate' ? trackingRate(details, t) : alert.rule === 'traffic_spike' ? trafficSpike(details, t) : tagsFailing(details, t)) ?? alert.message;
}

function trackingRate(d: Figures, t: Words): string | null {
  const health = d.details;
  if (!isFigures(health) || !isNumber(d.alertBelow)) return null;
  const { browserConfirmedViews: confirmed, browserConfirmedViewsStoredByServer: stored } = health;
  if (!isNumber(confirmed) || !isNumber(stored) || confirmed === 0) return null;
  return t('says.tracking_rate', { rate: formatFraction(stored / confirmed), stored, confirmed, alertBelow: formatPercent(d.alertBelow) });
}

function trafficSpike(d: Figures, t: Words): string | null {
  const { current, usual, level } = d;
  if (!isNumber(current) || !isNumber(usual)) return null;
  if (level === 'none_at_this_hour' || level === 'none_yet') return t(`says.traffic_spike.${level}`, { current });
  if (usual === 0) return null; // stored before the level was: the English message says which
  return t('says.traffic_spike.usual', { current, usual, ratio: formatDecimal(current / usual) });
}

function tagsFailing(d: Figures, t: Words): string | null {
  const { confirmations, failed, failures, blockedHosts } = d;
  if (!isNumber(confirmations) || !isNumber(failed) || !isFigures(failures) || !Array.isArray(blockedHosts)) return null;
  const said: string[] = [];
  if (confirmations >= 20 && failed / confirmations >= 0.5) {
    const which = Object.entries(failures).map(([tag, n]) => `${TAG_LABELS[tag] ?? tag} ${String(n)}`).join(', ');
    said.push(t('says.tags_failing.failed', { share: formatFraction(failed / confirmations), failed, confirmations, which }));
  }
  const hosts = blockedHosts.filter(isFigures).map((b) => `${String(b.host)} (${String(b.reports)})`);
  if (hosts.length > 0) said.push(t('says.tags_failing.blocked', { hosts: hosts.join(', ') }));
  return said.length > 0 ? said.join(' ') : null;
}

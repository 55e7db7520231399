// The reconciliation's query from the screen's choice (ReconcileWindow.tsx), or what is wrong with
// each field: only valid values reach the API.
export interface WindowChoice {
  readonly kind: 'hours' | 'days';
  readonly hours: string;
  readonly from: string;
  readonly to: string;
  readonly granularity: 'day' | 'hour';
  readonly tolerance: string;
}

export type ReconcileQuery = { granularity: 'day' | 'hour'; tolerance: number } & ({ hours: number } | { from: string; to: string });

export type Problems = Partial<Record<'hours' | 'from' | 'to' | 'tolerance', string>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in the browser, YYYY-MM-DD. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export const DEFAULT_WINDOW: WindowChoice = { kind: 'hours', hours: '48', from: today(), to: today(), granularity: 'day', tolerance: '2' };

/** The query of a choice, or what is wrong with its fields. */
export function reconcileQuery(choice: WindowChoice, t: (key: 'window.hoursInvalid' | 'window.dayInvalid' | 'window.toBeforeFrom' | 'window.toleranceInvalid') => string): { query: ReconcileQuery | null; problems: Problems } {
  const problems: Problems = {};
  const tolerance = Number(choice.tolerance);
  if (choice.tolerance.trim() === '' || !(tolerance >= 0 && tolerance <= 100)) problems.tolerance = t('window.toleranceInvalid');
  const hours = Number(choice.hours);
  if (choice.kind === 'hours' && !(Number.isInteger(hours) && hours >= 1 && hours <= 744)) problems.hours = t('window.hoursInvalid');
  if (choice.kind === 'days') {
    if (!DAY.test(choice.from)) problems.from = t('window.dayInvalid');
    if (!DAY.test(choice.to)) problems.to = t('window.dayInvalid');
    else if (DAY.test(choice.from) && choice.to < choice.from) problems.to = t('window.toBeforeFrom');
  }
  if (Object.keys(problems).length > 0) return { query: null, problems };
  const base = { granularity: choice.granularity, tolerance };
  return { query: choice.kind === 'hours' ? { ...base, hours } : { ...base, from: choice.from, to: choice.to }, problems };
}

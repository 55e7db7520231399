// The currency of the master view's total revenue: the clients' one currency, or 'mixed' when they
// earn in several (amounts in different currencies are not added up).
import type { ClientsReport } from '../api/analytics';

export function commonCurrency(clients: readonly Pick<ClientsReport['clients'][number], 'currency' | 'revenue'>[]): string | null | 'mixed' {
  const currencies = new Set(clients.filter((c) => c.revenue !== 0).map((c) => c.currency));
  return currencies.size > 1 ? 'mixed' : ([...currencies][0] ?? null);
}

// What the catalogues said, in the app's language: each provider's answer, and where a found service
// came from with how sure it is.
import { useTranslation } from 'react-i18next';
import { formatCount } from '../ui/format';
import { PROVIDER_LABELS } from './catalogue';
import type { CatalogueSource, ProviderResult } from './release';

export function useCatalogueWords() {
  const { t } = useTranslation('smartlinks');
  return {
    /** The provider's own sentence ("Odesli's rate limit is reached: retry in 40 s", which names it), else "Deezer: found". */
    providerLine: (p: ProviderResult): string => p.message ?? t('catalogue.provider', { provider: PROVIDER_LABELS[p.provider], status: t(`catalogue.statuses.${p.status}`) }),
    /** "From Odesli, 72% sure". */
    originLine: (source: CatalogueSource, confidence: number): string => t('catalogue.origin', { provider: PROVIDER_LABELS[source], percent: formatCount(Math.round(confidence * 100)) }),
  };
}

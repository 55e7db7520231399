// Counts with their noun, in the language's plural and digits: "1 view", "1 204 vues".
import { useTranslation } from 'react-i18next';
import { formatCount } from '../ui/format';

export function useCounts() {
  const { t } = useTranslation('dashboard');
  return {
    views: (count: number) => t('views', { count, n: formatCount(count) }),
    clicks: (count: number) => t('clicks', { count, n: formatCount(count) }),
  };
}

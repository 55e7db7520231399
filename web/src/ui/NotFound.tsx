// What a missing page, or a resource outside the user's reach, looks like: the same for both.
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { usePageTitle } from './usePageTitle';

export function NotFound({ what = 'page' }: { readonly what?: 'page' | 'smartlink' | 'client' }) {
  const { t } = useTranslation('ui');
  usePageTitle(t('notFound.title'));
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title" tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>{t(`notFound.body.${what}`)}</p>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}

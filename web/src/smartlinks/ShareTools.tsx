// Sharing a saved smartlink: its public link (copy, open in a new tab), its QR code, its analytics.
import { useTranslation } from 'react-i18next';
import type { Client, Smartlink } from '../api/types';
import { Link } from '../app/router';
import { CopyButton } from '../ui/CopyButton';
import { publicUrl } from './publicUrl';
import { QrCode } from './QrCode';

export function ShareTools({ client, smartlink }: { readonly client: Client; readonly smartlink: Smartlink }) {
  const { t } = useTranslation('smartlinks');
  const url = publicUrl(client, smartlink.slug);
  return (
    <section className="card share" aria-labelledby="share-title">
      <h2 id="share-title">{t('share.title')}</h2>
      {smartlink.status !== 'live' ? <p className="message message-info">{t('share.notLive', { status: t(`status.${smartlink.status}`) })}</p> : null}
      <div className="field">
        <label htmlFor="public-url">{t('share.publicLink')}</label>
        <div className="input-with-button">
          <input id="public-url" readOnly value={url} onFocus={(e) => e.target.select()} />
          <CopyButton text={url} label={t('share.copy')} />
        </div>
      </div>
      <p>
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t('share.open')}
          <span className="offscreen">{t('share.newTab')}</span> ↗
        </a>
        {' · '}
        <Link to={`/clients/${client.id}?smartlink=${smartlink.id}`}>{t('share.analytics')}</Link>
      </p>
      <QrCode url={url} filename={`qr-${smartlink.slug}`} />
    </section>
  );
}

// Sharing a saved smartlink: its public link (copy, open in a new tab), its QR code, its analytics.
import type { Client, Smartlink } from '../api/types';
import { Link } from '../app/router';
import { CopyButton } from '../ui/CopyButton';
import { publicUrl } from './publicUrl';
import { QrCode } from './QrCode';

export function ShareTools({ client, smartlink }: { readonly client: Client; readonly smartlink: Smartlink }) {
  const url = publicUrl(client, smartlink.slug);
  return (
    <section className="card share" aria-labelledby="share-title">
      <h2 id="share-title">Share</h2>
      {smartlink.status !== 'live' ? <p className="message message-info">This smartlink is {smartlink.status}: fans see it only once it is live.</p> : null}
      <div className="field">
        <label htmlFor="public-url">Public link</label>
        <div className="input-with-button">
          <input id="public-url" readOnly value={url} onFocus={(e) => e.target.select()} />
          <CopyButton text={url} label="Copy link" />
        </div>
      </div>
      <p>
        <a href={url} target="_blank" rel="noopener noreferrer">
          Open the public page<span className="offscreen"> (new tab)</span> ↗
        </a>
        {' · '}
        <Link to={`/clients/${client.id}?smartlink=${smartlink.id}`}>View its analytics</Link>
      </p>
      <QrCode url={url} filename={`qr-${smartlink.slug}`} />
    </section>
  );
}

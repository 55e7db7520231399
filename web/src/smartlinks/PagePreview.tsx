// A rendered preview of a smartlink page, drawn like the real one (src/landing/layout.ts): the
// client's colours (corrected to AA as the page corrects them), font and logo, the artwork, the
// title, one row per service. Nothing is requested from the page itself, so a preview never
// counts as a view.
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branding, ServiceLink } from '../api/types';
import { fontStack } from '../clients/fonts';
import { pageColours } from '../../../src/landing/contrast';
import { SERVICES, serviceLabel } from './catalogue';

export interface PagePreviewProps {
  readonly branding: Branding;
  readonly artistName: string;
  readonly trackTitle: string;
  readonly artworkUrl: string | null;
  readonly services: readonly Pick<ServiceLink, 'service' | 'label'>[];
  readonly footer: string;
  readonly label?: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

export function PagePreview({ branding, artistName, trackTitle, artworkUrl, services, footer, label }: PagePreviewProps) {
  const { t } = useTranslation('smartlinks');
  // The colours the page draws: the brand's, corrected to WCAG AA where too faint (as the page does).
  const colours = pageColours(
    branding.primaryColor && HEX.test(branding.primaryColor) ? branding.primaryColor : '#1db954',
    branding.secondaryColor && HEX.test(branding.secondaryColor) ? branding.secondaryColor : '#111111',
  );
  const style = {
    '--pp-primary': colours.accent.drawn,
    '--pp-secondary': colours.background.drawn,
    '--pp-text': colours.text,
    '--pp-font': fontStack(branding.font),
  } as CSSProperties;
  const artwork = artworkUrl && /^(https:\/\/|\/assets\/)/.test(artworkUrl) ? artworkUrl : null;
  const logo = branding.logo && branding.logo.startsWith('https://') ? branding.logo : null;
  return (
    <figure className="page-preview" style={style} aria-label={label ?? t('preview.label')}>
      <div className="pp-screen">
        {logo ? <img className="pp-logo" src={logo} alt="" /> : null}
        {artwork ? <img className="pp-art" src={artwork} alt={t('preview.artworkOf', { title: trackTitle || t('preview.theTrack') })} /> : <div className="pp-art pp-art-empty" aria-hidden="true" />}
        <p className="pp-title">{trackTitle || t('preview.track')}</p>
        <p className="pp-artist">{artistName || t('preview.artist')}</p>
        <ul className="pp-services">
          {services.map((s, i) => (
            <li key={`${s.service}-${i}`}>
              <span>{serviceLabel(s.service, s.label || undefined) || t('preview.service')}</span>
              <span className="pp-cta">{SERVICES[s.service]?.action ?? t('preview.open')}</span>
            </li>
          ))}
        </ul>
        <p className="pp-footer">{footer}</p>
      </div>
    </figure>
  );
}

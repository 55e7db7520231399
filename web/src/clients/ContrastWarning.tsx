// What the fan pages will draw instead of a brand colour too faint for WCAG AA (src/landing/contrast.ts,
// the very code the pages use): the ratio of the chosen colour, the corrected one and its ratio.
import { useTranslation } from 'react-i18next';
import type { Branding } from '../api/types';
import { AA_TEXT, pageColours, type DrawnColour } from '../../../src/landing/contrast';

const HEX = /^#[0-9a-fA-F]{6}$/;
const ratio = (r: number) => `${(Math.floor(r * 100) / 100).toFixed(2)}:1`;

function Correction({ what, colour }: { readonly what: string; readonly colour: DrawnColour }) {
  const { t } = useTranslation('clients');
  return (
    <li>
      {t('contrast.correction', { what, chosen: colour.chosen, chosenRatio: ratio(colour.chosenRatio), aa: AA_TEXT, drawn: colour.drawn, drawnRatio: ratio(colour.drawnRatio) })}
      <span className="swatch" style={{ background: colour.drawn }} aria-hidden="true" />
    </li>
  );
}

export function ContrastWarning({ branding }: { readonly branding: Pick<Branding, 'primaryColor' | 'secondaryColor'> }) {
  const { t } = useTranslation('clients');
  const { primaryColor: primary = '', secondaryColor: secondary = '' } = branding;
  if (!HEX.test(primary) || !HEX.test(secondary)) return null;
  const colours = pageColours(primary, secondary);
  return (
    <div className="contrast-warning" aria-live="polite" data-testid="contrast-warning">
      {colours.accent.corrected || colours.background.corrected ? (
        <>
          <p>{t('contrast.intro')}</p>
          <ul>
            {colours.accent.corrected ? <Correction what={t('contrast.primary')} colour={colours.accent} /> : null}
            {colours.background.corrected ? <Correction what={t(colours.text === '#ffffff' ? 'contrast.secondaryWhite' : 'contrast.secondaryDark')} colour={colours.background} /> : null}
          </ul>
        </>
      ) : null}
    </div>
  );
}

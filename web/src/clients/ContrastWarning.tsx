// What the fan pages will draw instead of a brand colour too faint for WCAG AA (src/landing/contrast.ts,
// the very code the pages use): the ratio of the chosen colour, the corrected one and its ratio.
import type { Branding } from '../api/types';
import { AA_TEXT, pageColours, type DrawnColour } from '../../../src/landing/contrast';

const HEX = /^#[0-9a-fA-F]{6}$/;
const ratio = (r: number) => `${(Math.floor(r * 100) / 100).toFixed(2)}:1`;

function Correction({ what, colour }: { readonly what: string; readonly colour: DrawnColour }) {
  return (
    <li>
      {what} <code>{colour.chosen}</code> has a contrast of {ratio(colour.chosenRatio)}, below the {AA_TEXT}:1 of WCAG AA. Pages draw it as <code>{colour.drawn}</code>
      <span className="swatch" style={{ background: colour.drawn }} aria-hidden="true" /> ({ratio(colour.drawnRatio)}).
    </li>
  );
}

export function ContrastWarning({ branding }: { readonly branding: Pick<Branding, 'primaryColor' | 'secondaryColor'> }) {
  const { primaryColor: primary = '', secondaryColor: secondary = '' } = branding;
  if (!HEX.test(primary) || !HEX.test(secondary)) return null;
  const colours = pageColours(primary, secondary);
  const text = colours.text === '#ffffff' ? 'white' : 'dark';
  return (
    <div className="contrast-warning" aria-live="polite" data-testid="contrast-warning">
      {colours.accent.corrected || colours.background.corrected ? (
        <>
          <p>Some colours are corrected on the pages, so that every fan can read them:</p>
          <ul>
            {colours.accent.corrected ? <Correction what="The primary colour, on the white service rows," colour={colours.accent} /> : null}
            {colours.background.corrected ? <Correction what={`The secondary colour, under ${text} text,`} colour={colours.background} /> : null}
          </ul>
        </>
      ) : null}
    </div>
  );
}

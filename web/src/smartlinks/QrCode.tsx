// The public link as a QR code, drawn in the page (a canvas, nothing fetched) and downloadable as
// PNG (for print and social) or SVG (scales for posters).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCanvas, toString } from 'qrcode';
import { ErrorMessage } from '../ui/Alert';
import { saveBlob } from '../ui/download';

const OPTIONS = { errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } } as const;

export function QrCode({ url, filename }: { readonly url: string; readonly filename: string }) {
  const { t } = useTranslation('smartlinks');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (canvas.current) toCanvas(canvas.current, url, { ...OPTIONS, width: 160 }).catch(setError);
  }, [url]);

  const png = async () => {
    try {
      const big = document.createElement('canvas');
      await toCanvas(big, url, { ...OPTIONS, width: 1024 });
      const blob = await new Promise<Blob | null>((resolve) => big.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error(t('share.pngFailed'));
      saveBlob(blob, `${filename}.png`);
    } catch (err) {
      setError(err);
    }
  };
  const svg = async () => {
    try {
      saveBlob(new Blob([await toString(url, { ...OPTIONS, type: 'svg' })], { type: 'image/svg+xml' }), `${filename}.svg`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="qr">
      <canvas ref={canvas} className="qr-canvas" role="img" aria-label={t('share.qr', { url })} width={160} height={160} />
      <div className="qr-actions">
        <button type="button" className="button-secondary button-small" onClick={() => void png()}>
          {t('share.png')}
        </button>
        <button type="button" className="button-secondary button-small" onClick={() => void svg()}>
          {t('share.svg')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

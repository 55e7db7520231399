// A button that copies a text and says so (or says to copy it by hand).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from './clipboard';

export function CopyButton({ text, label, className }: { readonly text: string; readonly label?: string; readonly className?: string }) {
  const { t } = useTranslation('ui');
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  return (
    <>
      <button type="button" className={className ?? 'button-secondary'} onClick={() => void copyText(text).then((ok) => setResult(ok ? 'copied' : 'failed'))}>
        {label ?? t('copy')}
      </button>
      <span className="copy-result" role="status">
        {result === 'copied' ? t('copied') : result === 'failed' ? t('copyFailed') : ''}
      </span>
    </>
  );
}

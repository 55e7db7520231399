// A button that copies a text and says so (or says to copy it by hand).
import { useState } from 'react';
import { copyText } from './clipboard';

export function CopyButton({ text, label = 'Copy', className }: { readonly text: string; readonly label?: string; readonly className?: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  return (
    <>
      <button type="button" className={className ?? 'button-secondary'} onClick={() => void copyText(text).then((ok) => setResult(ok ? 'copied' : 'failed'))}>
        {label}
      </button>
      <span className="copy-result" role="status">
        {result === 'copied' ? 'Copied.' : result === 'failed' ? 'Could not copy: select the text and copy it.' : ''}
      </span>
    </>
  );
}

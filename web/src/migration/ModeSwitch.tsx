// A client's switch and rollback buttons: each asks first, saying what happens to the data —
// switching to Duotrack drops the events still waiting for the legacy webhook; switching back
// resumes mirroring with new events only (src/migration/mode.ts, src/migration/mirror.ts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type GetData } from '../api/http';
import { useInvalidate } from '../api/useApi';
import { ErrorMessage, StatusMessage } from '../ui/Alert';
import { ConfirmButton } from '../ui/ConfirmButton';
import { useAction } from '../ui/useAction';

export type MigrationState = NonNullable<GetData<'/api/v1/migration/clients'>['data']>[number];
type Mode = MigrationState['mode'];

const MODES: readonly Mode[] = ['legacy', 'dual', 'duotrack'];

export function ModeSwitch({ state }: { readonly state: MigrationState }) {
  const { t } = useTranslation('migration');
  const invalidate = useInvalidate();
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const name = state.name ?? state.clientId ?? '';
  const params = { path: { id: state.clientId as string } };
  const modeName = (mode: Mode) => t(`mode.${mode}`);

  const act = (send: () => Promise<unknown>, message: string) => {
    setDone(null);
    return run(async () => {
      await send();
      setDone(message);
      invalidate('/api/v1/migration');
    });
  };

  /** What moving to `to` does, in plain words. */
  const consequences = (to: Mode) => {
    const mirrorOn = state.mirror !== null && state.mirror !== undefined && state.mirror.enabled;
    const lines = [t(to === 'legacy' ? 'consequences.toLegacy' : to === 'dual' ? 'consequences.toDual' : 'consequences.toDuotrack', { name })];
    if (to === 'duotrack') {
      if (state.mirroring) lines.push(t('consequences.dropsPending'));
    } else if (!mirrorOn) lines.push(t('consequences.noMirror'));
    else lines.push(t(state.mode === 'duotrack' ? 'consequences.resumesMirroring' : 'consequences.keepsMirroring'));
    lines.push(t('consequences.undo', { mode: modeName(state.mode) }));
    return (
      <>
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </>
    );
  };

  return (
    <>
      <div className="toolbar" role="group" aria-label={t('modeGroup', { name })}>
        {MODES.filter((m) => m !== state.mode).map((m) => (
          <ConfirmButton
            key={m}
            label={t('switchTo', { mode: modeName(m) })}
            consequences={consequences(m)}
            disabled={busy}
            onConfirm={() => void act(() => api.post('/api/v1/clients/{id}/tracking-mode', { params, body: { mode: m } }), t('switched', { name, mode: modeName(m) }))}
          />
        ))}
        {state.previousMode ? (
          <ConfirmButton
            label={t('rollBackTo', { mode: modeName(state.previousMode) })}
            consequences={consequences(state.previousMode)}
            disabled={busy}
            onConfirm={() => void act(() => api.post('/api/v1/clients/{id}/tracking-mode/rollback', { params }), t('rolledBack', { name, mode: modeName(state.previousMode as Mode) }))}
          />
        ) : null}
      </div>
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <ErrorMessage error={error} />
    </>
  );
}

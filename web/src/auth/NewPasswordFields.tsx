// A new password typed twice, checked here before it is sent (the API checks the length too).
import { useTranslation } from 'react-i18next';
import { TextField } from '../ui/Field';

export const MIN_PASSWORD_LENGTH = 10;

export interface NewPassword {
  readonly password: string;
  readonly again: string;
}

/** Why the two entries cannot be sent; null when they can. */
export function newPasswordProblem({ password, again }: NewPassword, t: (key: 'password.notSame' | 'password.tooShort', options: { min: number }) => string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return t('password.tooShort', { min: MIN_PASSWORD_LENGTH });
  if (password !== again) return t('password.notSame', { min: MIN_PASSWORD_LENGTH });
  return null;
}

export function NewPasswordFields({ value, error, onChange }: { readonly value: NewPassword; readonly error?: string | undefined; onChange(value: NewPassword): void }) {
  const { t } = useTranslation('auth');
  return (
    <>
      <TextField
        label={t('password.new')}
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={t('password.hint', { min: MIN_PASSWORD_LENGTH })}
        error={error}
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.target.value })}
      />
      <TextField label={t('password.again')} type="password" autoComplete="new-password" required value={value.again} onChange={(e) => onChange({ ...value, again: e.target.value })} />
    </>
  );
}

// For a user on several clients: the client the app acts for, and a way to any other of theirs
// (its pages open, and every request then acts for it). Nothing for master or a user of one client.
import { useTranslation } from 'react-i18next';
import { useNavigate } from '../app/router';
import { useActingMembership, useRefetchOnClientSwitch, useUser } from './session';

export function MembershipSwitcher() {
  const { t } = useTranslation('auth');
  const { memberships } = useUser();
  const acting = useActingMembership();
  const navigate = useNavigate();
  useRefetchOnClientSwitch();
  if (memberships.length < 2) return null;
  return (
    <div className="client-switcher">
      <label htmlFor="membership-switcher">{t('switcher.label')}</label>
      <select id="membership-switcher" value={acting?.clientId ?? ''} onChange={(e) => navigate(`/clients/${e.target.value}`)}>
        {memberships.map((m) => (
          <option key={m.clientId} value={m.clientId}>
            {t('switcher.roleOn', { client: m.clientName, role: t(`role.${m.role}`) })}
          </option>
        ))}
      </select>
    </div>
  );
}

// The screens reached without a session, from a link: an invitation, a password reset, and the
// "forgot your password" form. Shown whatever the session (a link is followed as it is).
import type { ReactNode } from 'react';
import { matchPath, useLocation } from '../app/router';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { InvitePage } from './InvitePage';
import { ResetPasswordPage } from './ResetPasswordPage';

/** The public screen at the current path; null elsewhere. */
export function usePublicPage(): ReactNode | null {
  const { path } = useLocation();
  const invite = matchPath('/invite/:token', path);
  if (invite) return <InvitePage key={invite.token} token={invite.token as string} />;
  const reset = matchPath('/reset/:token', path);
  if (reset) return <ResetPasswordPage key={reset.token} token={reset.token as string} />;
  if (path === '/forgot') return <ForgotPasswordPage />;
  return null;
}

// Every namespace of the app's messages, one per domain folder (its messages.ts: { en, fr }).
// A folder's screens read theirs with useTranslation('<folder>').
import app from '../app/messages';
import audit from '../audit/messages';
import auth from '../auth/messages';
import charts from '../ui/charts/messages';
import clients from '../clients/messages';
import dashboard from '../dashboard/messages';
import master from '../master/messages';
import keys from '../keys/messages';
import migration from '../migration/messages';
import notifications from '../notifications/messages';
import privacy from '../privacy/messages';
import smartlinks from '../smartlinks/messages';
import users from '../users/messages';
import ui from '../ui/messages';

export const namespaces = {
  app,
  audit,
  auth,
  charts,
  clients,
  dashboard,
  master,
  keys,
  migration,
  notifications,
  privacy,
  smartlinks,
  users,
  ui,
} as const;

type Namespaces = typeof namespaces;
export type Resources = { readonly [N in keyof Namespaces]: Namespaces[N]['en'] };

// Every namespace of the app's messages, one per domain folder (its messages.ts: { en, fr }).
// A folder's screens read theirs with useTranslation('<folder>').
import app from '../app/messages';
import keys from '../keys/messages';
import notifications from '../notifications/messages';
import audit from '../audit/messages';
import migration from '../migration/messages';
import privacy from '../privacy/messages';
import ui from '../ui/messages';

export const namespaces = {
  app,
  keys,
  notifications,
  audit,
  migration,
  privacy,
  ui,
} as const;

type Namespaces = typeof namespaces;
export type Resources = { readonly [N in keyof Namespaces]: Namespaces[N]['en'] };

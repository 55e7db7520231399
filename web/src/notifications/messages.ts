// The notifications' words (web/src/notifications): the bell, the list, each alert.
const en = {
  title: 'Notifications',
  bell_zero: 'Notifications, none unread',
  bell_one: 'Notifications, {{count, number}} unread',
  bell_other: 'Notifications, {{count, number}} unread',
  which: 'Which notifications',
  show: { all: 'All', unread: 'Unread', open: 'Open incidents' },
  loading: 'Loading notifications',
  none: 'No notifications.',
  newest: 'The newest {{shown}} of {{total}}.',
  rule: {
    tracking_rate: 'Server tracking rate low',
    traffic_spike: 'Traffic spike',
    tags_failing: 'Tags failing to load',
  },
  unreadSuffix: ', unread',
  state: { open: 'Open', resolved: 'Resolved' },
  unread: 'Unread',
  opened: 'Opened',
  resolved: 'Resolved',
  notYet: 'Not yet',
  read: 'Read',
  markRead: 'Mark as read',
  says: {
    tracking_rate: 'Server tracking rate {{rate}} over the last hour ({{stored, number}} of {{confirmed, number}} browser-confirmed views stored; alert below {{alertBelow}}).',
    traffic_spike: {
      usual: '{{current, number}} views in the last hour, {{ratio}} times the usual {{usual, number}} (median of the same hour on the previous 7 days).',
      none_at_this_hour: '{{current, number}} views in the last hour; usually none at this hour (median of the same hour on the previous 7 days: 0).',
      none_yet: '{{current, number}} views in the last hour; no usual level yet (no views in the previous 7 days: a new client or its first traffic).',
    },
    tags_failing: {
      failed: 'Tags failed to load in {{share}} of the browsers that showed a page in the last hour ({{failed, number}} of {{confirmations, number}}: {{which}}).',
      blocked: 'The page’s policy blocked {{hosts}} in the last hour: add the host to the tag policy’s allow-list, or remove the tag.',
    },
  },
};

const fr: typeof en = {
  title: 'Notifications',
  bell_zero: 'Notifications, aucune non lue',
  bell_one: 'Notifications, {{count, number}} non lue',
  bell_other: 'Notifications, {{count, number}} non lues',
  which: 'Quelles notifications',
  show: { all: 'Toutes', unread: 'Non lues', open: 'Incidents en cours' },
  loading: 'Chargement des notifications',
  none: 'Aucune notification.',
  newest: 'Les {{shown}} plus récentes sur {{total}}.',
  rule: {
    tracking_rate: 'Taux de suivi serveur bas',
    traffic_spike: 'Pic de trafic',
    tags_failing: 'Des tags ne se chargent pas',
  },
  unreadSuffix: ', non lue',
  state: { open: 'En cours', resolved: 'Résolue' },
  unread: 'Non lue',
  opened: 'Ouverte',
  resolved: 'Résolue',
  notYet: 'Pas encore',
  read: 'Lue',
  markRead: 'Marquer comme lue',
  says: {
    tracking_rate: 'Taux de suivi serveur de {{rate}} sur la dernière heure ({{stored, number}} des {{confirmed, number}} vues confirmées par les navigateurs enregistrées ; alerte sous {{alertBelow}}).',
    traffic_spike: {
      usual: '{{current, number}} vues sur la dernière heure, {{ratio}} fois le niveau habituel de {{usual, number}} (médiane de la même heure sur les 7 jours précédents).',
      none_at_this_hour: '{{current, number}} vues sur la dernière heure ; d’habitude aucune à cette heure (médiane de la même heure sur les 7 jours précédents : 0).',
      none_yet: '{{current, number}} vues sur la dernière heure ; pas encore de niveau habituel (aucune vue sur les 7 jours précédents : un nouveau client ou son premier trafic).',
    },
    tags_failing: {
      failed: 'Des tags ne se sont pas chargés dans {{share}} des navigateurs qui ont affiché une page sur la dernière heure ({{failed, number}} sur {{confirmations, number}} : {{which}}).',
      blocked: 'La politique de la page a bloqué {{hosts}} sur la dernière heure : ajoutez l’hôte à la liste autorisée de la politique de tags, ou retirez le tag.',
    },
  },
};

export default { en, fr };

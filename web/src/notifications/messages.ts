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
};

export default { en, fr };

// The frame's words (web/src/app): starting, the header and its navigation, a screen that failed.
const en = {
  starting: 'Starting Duotrack',
  reloadNeeded: 'Duotrack could not load this screen: the connection dropped, or Duotrack was updated.',
  reload: 'Reload',
  skipToContent: 'Skip to content',
  mainNav: 'Main',
  nav: {
    master: 'All clients',
    migration: 'Migration',
    privacy: 'Privacy',
    audit: 'Audit log',
    users: 'Users',
    keys: 'API keys',
  },
  crashed: {
    title: 'This screen failed',
    body: 'Something went wrong while showing this screen. Nothing you saved is lost.',
    detail: 'Details for support:',
    retry: 'Try again',
    home: 'Back to the start',
  },
};

const fr: typeof en = {
  starting: 'Démarrage de Duotrack',
  reloadNeeded: 'Duotrack n’a pas pu charger cet écran : la connexion a été coupée, ou Duotrack a été mis à jour.',
  reload: 'Recharger',
  skipToContent: 'Aller au contenu',
  mainNav: 'Principale',
  nav: {
    master: 'Tous les clients',
    migration: 'Migration',
    privacy: 'Confidentialité',
    audit: 'Journal d’audit',
    users: 'Utilisateurs',
    keys: 'Clés d’API',
  },
  crashed: {
    title: 'Cet écran a échoué',
    body: 'Une erreur s’est produite en affichant cet écran. Rien de ce que vous avez enregistré n’est perdu.',
    detail: 'Détails pour le support :',
    retry: 'Réessayer',
    home: 'Retour à l’accueil',
  },
};

export default { en, fr };

// The shared pieces' words (web/src/ui): loading, errors, confirmations, fields, the language.
const en = {
  loading: 'Loading',
  unknownCountry: 'Unknown',
  language: 'Language',
  cancel: 'Cancel',
  confirm: 'Confirm',
  notFound: {
    title: 'Not found',
    body: {
      page: 'This page does not exist, or you do not have access to it.',
      smartlink: 'This smartlink does not exist, or you do not have access to it.',
      client: 'This client does not exist, or you do not have access to it.',
    },
    back: 'Back to the start',
  },
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy: select the text and copy it yourself.',
  download: 'Download',
  networkError: 'The server could not be reached. Check your connection and try again.',
  serverError: 'The server answered {{status}}.',
};

const fr: typeof en = {
  loading: 'Chargement',
  unknownCountry: 'Inconnu',
  language: 'Langue',
  cancel: 'Annuler',
  confirm: 'Confirmer',
  notFound: {
    title: 'Introuvable',
    body: {
      page: 'Cette page n’existe pas, ou vous n’y avez pas accès.',
      smartlink: 'Ce smartlink n’existe pas, ou vous n’y avez pas accès.',
      client: 'Ce client n’existe pas, ou vous n’y avez pas accès.',
    },
    back: 'Retour à l’accueil',
  },
  copy: 'Copier',
  copied: 'Copié',
  copyFailed: 'Copie impossible : sélectionnez le texte et copiez-le vous-même.',
  download: 'Télécharger',
  networkError: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
  serverError: 'Le serveur a répondu {{status}}.',
};

export default { en, fr };

// The words of the fan-facing privacy page, in each language the public pages speak.
import type { Lang } from '../landing/messages.js';

export interface NoticeFacts {
  readonly client: string;
  readonly retentionDays: number;
}

export const NOTICE = {
  en: {
    title: (f: NoticeFacts) => `Privacy – ${f.client}`,
    whatTitle: 'What is measured',
    what: (f: NoticeFacts) =>
      `When you open this page or follow one of its links, ${f.client} counts the visit: the time, the link and the service you chose, your country and city (looked up from your IP address, which is never stored — only its first part is kept), your type of device, system and browser, the site that sent you, and the campaign tags of the link.`,
    howTitle: 'Counted without knowing who you are',
    how: 'Repeat visits on one day are recognised by a number computed from your IP address and browser with a secret that changes every day and is destroyed after it. It cannot identify you, and yesterday’s numbers can no longer be linked to anyone. No cookie is used for this.',
    whyTitle: 'Why, and for how long',
    why: (f: NoticeFacts) =>
      `Only to measure the audience of this release, reported to ${f.client} as totals. The records are deleted after ${f.retentionDays} days.`,
    tagsTitle: 'Advertising and analytics tags',
    tags: 'Tags from Google, Meta or TikTok may also run on the release page, only with your consent where the law requires it. Opting out below also stops them on this site.',
    optOutTitle: 'Opt out',
    optedOut: 'You are opted out: your visits are counted anonymously (no location finer than the country, no visitor number) and no tag runs.',
    optedOutGpc: 'Your browser sends the Global Privacy Control signal: you are opted out, and your visits are counted anonymously.',
    optedIn: 'Your visits are measured as described above.',
    optOut: 'Opt out of measurement',
    optIn: 'Opt back in',
    eraseTitle: 'Your data of today',
    reference: 'Your reference for today (it changes every day):',
    eraseHelp: 'You can erase now what was recorded of your visits today, on this browser and network. Earlier days cannot be linked to you any more.',
    erase: 'Erase my data of today',
    erased: (n: number) => `Done: ${n} record${n === 1 ? '' : 's'} erased.`,
    tooMany: 'Too many requests from your network: nothing was changed. Please try again in a minute.',
    contactTitle: 'Contact',
    contact: (f: NoticeFacts) => `For any question or request about your data, contact ${f.client}:`,
    back: 'Back to the release',
    preferredTitle: 'Your preferred service',
    preferred: (f: NoticeFacts) =>
      `If you tick “Remember my choice” before choosing a service on one of ${f.client}’s pages, a cookie on this device (dt_pref_…, for 180 days) keeps the name of that service, and nothing else. It is only set when you ask for it, is not used for measurement or advertising, and may let ${f.client}’s pages take you straight to that service next time (the visit is still counted as described above). To see every service again, add ?choose to the release’s link (for example …/release?choose), or follow “Not … ? Show all services” on the page that opens the app: the release page then shows the service remembered with a Forget button. The button below forgets it too.`,
    preferredNone: 'No service is remembered on this device.',
    preferredSet: (service: string) => `Remembered on this device: ${service}.`,
    forget: 'Forget my preferred service',
    forgotten: 'Done: your preferred service is forgotten on this device.',
  },
  fr: {
    title: (f: NoticeFacts) => `Confidentialité – ${f.client}`,
    whatTitle: 'Ce qui est mesuré',
    what: (f: NoticeFacts) =>
      `Quand vous ouvrez cette page ou suivez l’un de ses liens, ${f.client} compte la visite : l’heure, le lien et le service choisi, votre pays et votre ville (déduits de votre adresse IP, qui n’est jamais enregistrée — seule sa première partie est conservée), votre type d’appareil, système et navigateur, le site d’où vous venez et les balises de campagne du lien.`,
    howTitle: 'Compté sans savoir qui vous êtes',
    how: 'Les visites répétées d’une même journée sont reconnues par un numéro calculé à partir de votre adresse IP et de votre navigateur avec un secret qui change chaque jour et est détruit ensuite. Il ne peut pas vous identifier, et les numéros de la veille ne peuvent plus être reliés à personne. Aucun cookie n’est utilisé pour cela.',
    whyTitle: 'Pourquoi, et combien de temps',
    why: (f: NoticeFacts) =>
      `Uniquement pour mesurer l’audience de cette sortie, communiquée à ${f.client} sous forme de totaux. Les données sont supprimées après ${f.retentionDays} jours.`,
    tagsTitle: 'Traceurs publicitaires et de mesure',
    tags: 'Des traceurs de Google, Meta ou TikTok peuvent aussi fonctionner sur la page, uniquement avec votre consentement là où la loi l’exige. Vous opposer ci-dessous les arrête aussi sur ce site.',
    optOutTitle: 'Opposition',
    optedOut: 'Vous vous êtes opposé à la mesure : vos visites sont comptées de façon anonyme (pas de localisation plus fine que le pays, pas de numéro de visiteur) et aucun traceur ne fonctionne.',
    optedOutGpc: 'Votre navigateur envoie le signal Global Privacy Control : vous êtes opposé à la mesure, vos visites sont comptées de façon anonyme.',
    optedIn: 'Vos visites sont mesurées comme décrit ci-dessus.',
    optOut: 'M’opposer à la mesure',
    optIn: 'Accepter à nouveau la mesure',
    eraseTitle: 'Vos données du jour',
    reference: 'Votre référence du jour (elle change chaque jour) :',
    eraseHelp: 'Vous pouvez effacer maintenant ce qui a été enregistré de vos visites aujourd’hui, sur ce navigateur et ce réseau. Les jours précédents ne peuvent plus vous être reliés.',
    erase: 'Effacer mes données du jour',
    erased: (n: number) => `C’est fait : ${n} enregistrement${n === 1 ? '' : 's'} effacé${n === 1 ? '' : 's'}.`,
    tooMany: 'Trop de demandes depuis votre réseau : rien n’a été modifié. Réessayez dans une minute.',
    contactTitle: 'Contact',
    contact: (f: NoticeFacts) => `Pour toute question ou demande sur vos données, contactez ${f.client} :`,
    back: 'Retour à la sortie',
    preferredTitle: 'Votre service préféré',
    preferred: (f: NoticeFacts) =>
      `Si vous cochez « Retenir mon choix » avant de choisir un service sur l’une des pages de ${f.client}, un cookie sur cet appareil (dt_pref_…, pendant 180 jours) conserve le nom de ce service, et rien d’autre. Il n’est déposé qu’à votre demande, ne sert ni à la mesure ni à la publicité, et peut permettre aux pages de ${f.client} de vous emmener directement vers ce service la fois suivante (la visite reste comptée comme décrit ci-dessus). Pour revoir tous les services, ajoutez ?choose au lien de la sortie (par exemple …/sortie?choose), ou suivez « Autre que … ? Voir tous les services » sur la page qui ouvre l’application : la page de la sortie indique alors le service retenu, avec un bouton pour l’oublier. Le bouton ci-dessous l’oublie aussi.`,
    preferredNone: 'Aucun service n’est retenu sur cet appareil.',
    preferredSet: (service: string) => `Retenu sur cet appareil : ${service}.`,
    forget: 'Oublier mon service préféré',
    forgotten: 'C’est fait : votre service préféré est oublié sur cet appareil.',
  },
} as const satisfies Record<Lang, Record<string, unknown>>;

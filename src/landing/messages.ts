// The words of the public pages, in each language they are served in (from Accept-Language).
import { LRUCache } from 'lru-cache';

export type Lang = 'en' | 'fr';

export const MESSAGES = {
  en: {
    play: 'Play',
    buy: 'Buy',
    download: 'Download',
    preOrder: 'Pre-order',
    open: 'Open',
    consentTitle: 'Your choice about ad tags',
    consentText:
      'We would like to use advertising and analytics tags (Google, Meta, TikTok) to measure this campaign. This site’s own cookieless audience count continues either way.',
    accept: 'Accept',
    refuse: 'Refuse',
    notFoundTitle: 'This link doesn’t exist',
    notFoundText: 'It may have been mistyped, or the release is no longer available.',
    goneTitle: 'No longer available',
    goneText: 'This link has been taken down by its owner.',
    unavailableTitle: 'Back in a moment',
    unavailableText: 'This link cannot be opened right now. Please try again in a few seconds.',
    privacy: 'Privacy',
    rememberChoice: 'Remember my choice on this device',
    openingApp: 'Opening the app…',
    openApp: 'Open in the app',
    continueWeb: 'Continue in the browser',
    rememberedService: (service: string) => `${service} is remembered on this device.`,
    forgetService: 'Forget it',
    notService: (service: string) => `Not ${service}? Show all services`,
  },
  fr: {
    play: 'Écouter',
    buy: 'Acheter',
    download: 'Télécharger',
    preOrder: 'Précommander',
    open: 'Ouvrir',
    consentTitle: 'Votre choix sur les traceurs publicitaires',
    consentText:
      'Nous aimerions utiliser des traceurs publicitaires et de mesure (Google, Meta, TikTok) pour mesurer cette campagne. La mesure d’audience de ce site, sans cookie, continue dans tous les cas.',
    accept: 'Accepter',
    refuse: 'Refuser',
    notFoundTitle: 'Ce lien n’existe pas',
    notFoundText: 'Il a peut-être été mal saisi, ou la sortie n’est plus disponible.',
    goneTitle: 'Plus disponible',
    goneText: 'Ce lien a été retiré par son propriétaire.',
    unavailableTitle: 'De retour dans un instant',
    unavailableText: 'Ce lien ne peut pas être ouvert pour le moment. Réessayez dans quelques secondes.',
    privacy: 'Confidentialité',
    rememberChoice: 'Retenir mon choix sur cet appareil',
    openingApp: 'Ouverture de l’application…',
    openApp: 'Ouvrir dans l’application',
    continueWeb: 'Continuer dans le navigateur',
    rememberedService: (service: string) => `${service} est retenu sur cet appareil.`,
    forgetService: 'L’oublier',
    notService: (service: string) => `Autre que ${service} ? Voir tous les services`,
  },
} as const satisfies Record<Lang, Record<string, string | ((service: string) => string)>>;

export type Messages = (typeof MESSAGES)[Lang];

/**
 * Accept-Language values already ranked, for every page and status page: browsers send a few dozen
 * distinct ones, and ranking one (splitting, lower-casing, weighing each entry) costs about a
 * microsecond, a lookup some fifty nanoseconds. Only values up to MAX_CACHED_HEADER characters are
 * kept: at most about half a megabyte, whatever a client sends.
 */
const picked = new LRUCache<string, Lang>({ max: 1_000 });
const MAX_CACHED_HEADER = 256;

/** The first supported language in the visitor's Accept-Language, by preference; English otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'en';
  let lang = picked.get(acceptLanguage);
  if (lang === undefined) {
    lang = rankLanguage(acceptLanguage);
    if (acceptLanguage.length <= MAX_CACHED_HEADER) picked.set(acceptLanguage, lang);
  }
  return lang;
}

function rankLanguage(acceptLanguage: string): Lang {
  const ranked = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { lang } of ranked) if (lang === 'en' || lang === 'fr') return lang;
  return 'en';
}

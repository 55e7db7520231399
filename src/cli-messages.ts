// The command line's own words, in English or French (the terminal's language: config.ts
// terminalLanguage). What a domain rule says (a refused e-mail, a bad import row) stays in English,
// as the API says it.
import type { CliLanguage } from './config.js';
import type { ReconcileWords } from './migration/reconcile-text.js';
import type { ClientPurge, PurgeTotals } from './privacy/retention.js';

const day = (ms: number) => new Date(ms).toISOString();
/** "1 event", "2 events"; French counts 0 and 1 as singular. */
const count = (n: number, one: string, other: string, zeroIsOne = false) => `${n} ${n === 1 || (zeroIsOne && n === 0) ? one : other}`;

const reconcileEn: ReconcileWords = {
  none: 'No client to reconcile: import legacy counts, or switch a client to legacy or dual.',
  header: ['period', 'views', 'legacy', 'diff', '%', 'clicks', 'legacy', 'diff', '%', 'verdict', 'explanation'],
  verdicts: { within: 'within', outside: 'OUTSIDE', no_legacy_data: 'no legacy data' },
  client: (c, tolerance) => `${c.name} (${c.clientId}) — mode ${c.mode}, ${c.timeZone}, ${c.window.from} to ${c.window.to}, tolerance ±${tolerance} %: ${c.readyToSwitch ? 'READY TO SWITCH' : 'not ready'}`,
};

const en = {
  usage: `Usage: duotrack <command> [options]

Commands:
  serve                          migrate, seed a fresh database, and serve HTTP (PORT, HOST)
  migrate                        apply database migrations and exit
  seed-demo                      create the demo client and the /demo smartlink (if missing)
  create-admin --email E [--password P]
                                 create a master user (a password is generated and printed if not given)
  reset-password --email E [--password P]
                                 set a user's password (generated and printed once if not given) and end
                                 their sessions; audited
  create-api-key [--client ID] [--name N] [--read-only]
                                 create a master key, or a key for one client; the key is printed once
  purge [--dry-run]              delete the events and rollups beyond each client's retention, and
                                 first-view claims older than 48 h; --dry-run only counts them
  erase (--visitor ID | --session ID | --event ID) [--client ID]
                                 erase a fan's records (the privacy page's reference is a visitor id); audited
  import-legacy FILE [--client ID]
                                 import a legacy system's counts (CSV or JSON: client, smartlink, day or hour,
                                 views, clicks, uniques); all or nothing, a re-imported period is replaced
  reconcile [--client ID] [--from DAY --to DAY | --hours 48] [--granularity day|hour] [--tolerance 2] [--json]
                                 Duotrack versus the legacy counts, per client and day (or hour), with verdicts
  help                           show this text
  --version, -v                  print the version of duotrack

Configuration comes from the environment (DATABASE_URL, DATA_DIR, …): see README.md and .env.example.
Messages are in French when the terminal's language is (LANG=fr_FR.UTF-8).`,
  unknownCommand: (name: string) => `Unknown command "${name}".`,
  failed: (command: string, message: string) => `duotrack ${command} failed: ${message}`,
  /** `password` null: the one in ADMIN_PASSWORD. */
  adminCreated: (email: string, password: string | null) => [
    'A master admin was created for this fresh database:',
    `  email:    ${email}`,
    password === null ? '  password: the one in ADMIN_PASSWORD' : `  password: ${password}   (shown once: keep it now)`,
  ],
  serving: (address: string) => `Duotrack is serving on ${address} — try ${address}/demo`,
  noClient: (id: string) => `No client with id "${id}".`,
  needs: (command: string, what: string) => `${command} needs ${what}`,
  exactlyOneFile: 'exactly one FILE',
  oneOf: (options: string) => `exactly one of ${options}`,
  aNumber: (option: string) => `${option}: a number`,
  either: (option: string, one: string, other: string) => `${option}: ${one} or ${other}`,
  applied: (names: string) => `Applied: ${names}`,
  upToDate: 'Database is up to date.',
  demoCreated: (slug: string) => `Demo created: /${slug}`,
  demoPresent: (slug: string) => `Demo already present: /${slug}`,
  masterCreated: (email: string) => `Master user created: ${email}`,
  passwordOnce: (password: string) => `Password (shown once): ${password}`,
  noUser: (email: string) => `No user with email "${email}".`,
  passwordSet: (email: string) => `New password set for ${email}; their sessions are ended.`,
  keyOnce: (clientId: string | null, readOnly: boolean) => `${clientId ? `Key for client ${clientId}` : 'Master key'}${readOnly ? ' (read-only)' : ''}, shown once:`,
  imported: (rows: number, clients: number, replaced: number) => `Imported ${rows} row(s) for ${clients} client(s)${replaced ? `, replacing ${replaced} imported before` : ''}.`,
  nothingImported: (bad: number) => `Nothing imported: ${bad} bad row(s).`,
  badRow: (line: number, reason: string) => `  line ${line}: ${reason}`,
  andMore: (n: number) => `  and ${n} more.`,
  erased: (target: string, events: number, confirmations: number) =>
    events + confirmations === 0 ? `Nothing was stored for ${target}: 0 events erased.` : `Erased ${target}: ${count(events, 'event', 'events')} and ${count(confirmations, 'browser confirmation', 'browser confirmations')}.`,
  purgeClient: (c: ClientPurge, dryRun: boolean) =>
    `${c.name} (${c.clientId}): keeps ${c.retentionDays} days, events before ${day(c.cutoff)}: ${count(c.events, 'event', 'events')}, ${count(c.rollups, 'rollup row', 'rollup rows')} ${dryRun ? 'would be deleted' : 'deleted'}`,
  purgeTotal: (t: PurgeTotals, dryRun: boolean) =>
    `Total: ${count(t.events, 'event', 'events')}, ${count(t.rollups, 'rollup row', 'rollup rows')}, ${count(t.visitorDays, 'first-view claim', 'first-view claims')} older than 48 h, ${count(t.salts, 'expired salt', 'expired salts')}, ${count(t.deliveries, 'settled delivery', 'settled deliveries')} older than 7 days, ${count(t.artworks, 'artwork', 'artworks')} no smartlink used for 24 h ${dryRun ? 'would be deleted (dry run: nothing was changed).' : 'deleted.'}`,
  reconcile: reconcileEn,
};

export type CliText = typeof en;

const fr: CliText = {
  usage: `Usage : duotrack <commande> [options]

Commandes :
  serve                          migre, amorce une base neuve et sert en HTTP (PORT, HOST)
  migrate                        applique les migrations de la base et s'arrête
  seed-demo                      crée le client de démonstration et le smartlink /demo (s'ils manquent)
  create-admin --email E [--password P]
                                 crée un utilisateur maître (mot de passe généré et affiché s'il n'est pas donné)
  reset-password --email E [--password P]
                                 change le mot de passe d'un utilisateur (généré et affiché une fois s'il n'est pas
                                 donné) et ferme ses sessions ; journalisé
  create-api-key [--client ID] [--name N] [--read-only]
                                 crée une clé maître, ou une clé pour un client ; la clé n'est affichée qu'une fois
  purge [--dry-run]              supprime les événements et agrégats au-delà de la conservation de chaque client,
                                 et les premières vues de plus de 48 h ; --dry-run ne fait que les compter
  erase (--visitor ID | --session ID | --event ID) [--client ID]
                                 efface les données d'un fan (la référence de la page de confidentialité est un
                                 identifiant de visiteur) ; journalisé
  import-legacy FICHIER [--client ID]
                                 importe les comptes d'un ancien système (CSV ou JSON : client, smartlink, jour ou
                                 heure, vues, clics, uniques) ; tout ou rien, une période réimportée est remplacée
  reconcile [--client ID] [--from JOUR --to JOUR | --hours 48] [--granularity day|hour] [--tolerance 2] [--json]
                                 Duotrack face aux comptes de l'ancien système, par client et par jour (ou heure),
                                 avec verdicts
  help                           affiche ce texte
  --version, -v                  affiche la version de duotrack

La configuration vient de l'environnement (DATABASE_URL, DATA_DIR, …) : voir README.md et .env.example.
Les messages sont en anglais quand la langue du terminal n'est pas le français (LANG=en_US.UTF-8).`,
  unknownCommand: (name) => `Commande inconnue « ${name} ».`,
  failed: (command, message) => `duotrack ${command} a échoué : ${message}`,
  adminCreated: (email, password) => [
    'Un administrateur maître a été créé pour cette base neuve :',
    `  e-mail :       ${email}`,
    password === null ? '  mot de passe : celui de ADMIN_PASSWORD' : `  mot de passe : ${password}   (affiché une seule fois : notez-le maintenant)`,
  ],
  serving: (address) => `Duotrack est en service sur ${address} — essayez ${address}/demo`,
  noClient: (id) => `Aucun client d'identifiant « ${id} ».`,
  needs: (command, what) => `${command} demande ${what}`,
  exactlyOneFile: 'exactement un FICHIER',
  oneOf: (options) => `exactement une option parmi ${options}`,
  aNumber: (option) => `${option} : un nombre`,
  either: (option, one, other) => `${option} : ${one} ou ${other}`,
  applied: (names) => `Appliquées : ${names}`,
  upToDate: 'La base est à jour.',
  demoCreated: (slug) => `Démonstration créée : /${slug}`,
  demoPresent: (slug) => `Démonstration déjà présente : /${slug}`,
  masterCreated: (email) => `Utilisateur maître créé : ${email}`,
  passwordOnce: (password) => `Mot de passe (affiché une seule fois) : ${password}`,
  noUser: (email) => `Aucun utilisateur avec l'e-mail « ${email} ».`,
  passwordSet: (email) => `Nouveau mot de passe défini pour ${email} ; ses sessions sont fermées.`,
  keyOnce: (clientId, readOnly) => `${clientId ? `Clé du client ${clientId}` : 'Clé maître'}${readOnly ? ' (lecture seule)' : ''}, affichée une seule fois :`,
  imported: (rows, clients, replaced) => `${rows} ligne(s) importée(s) pour ${clients} client(s)${replaced ? `, en remplaçant ${replaced} importée(s) avant` : ''}.`,
  nothingImported: (bad) => `Rien n'a été importé : ${bad} ligne(s) incorrecte(s).`,
  badRow: (line, reason) => `  ligne ${line} : ${reason}`,
  andMore: (n) => `  et ${n} de plus.`,
  erased: (target, events, confirmations) =>
    events + confirmations === 0
      ? `Rien n'était enregistré pour ${target} : 0 événement effacé.`
      : `Effacé pour ${target} : ${count(events, 'événement', 'événements', true)} et ${count(confirmations, 'confirmation du navigateur', 'confirmations du navigateur', true)}.`,
  purgeClient: (c, dryRun) =>
    `${c.name} (${c.clientId}) : conservation ${c.retentionDays} jours, événements avant ${day(c.cutoff)} : ${count(c.events, 'événement', 'événements', true)}, ${count(c.rollups, 'ligne d’agrégat', 'lignes d’agrégat', true)} ${dryRun ? 'seraient supprimés' : 'supprimés'}`,
  purgeTotal: (t, dryRun) =>
    `Total : ${count(t.events, 'événement', 'événements', true)}, ${count(t.rollups, 'ligne d’agrégat', 'lignes d’agrégat', true)}, ${count(t.visitorDays, 'première vue', 'premières vues', true)} de plus de 48 h, ${count(t.salts, 'sel expiré', 'sels expirés', true)}, ${count(t.deliveries, 'envoi terminé', 'envois terminés', true)} depuis plus de 7 jours, ${count(t.artworks, 'pochette', 'pochettes', true)} qu'aucun smartlink n'utilise depuis 24 h ${dryRun ? 'seraient supprimés (essai : rien n’a été modifié).' : 'supprimés.'}`,
  reconcile: {
    none: 'Aucun client à rapprocher : importez des comptes de l’ancien système, ou passez un client en mode legacy ou dual.',
    header: ['période', 'vues', 'ancien', 'écart', '%', 'clics', 'ancien', 'écart', '%', 'verdict', 'explication'],
    verdicts: { within: 'dans la tolérance', outside: 'HORS TOLÉRANCE', no_legacy_data: 'pas de données anciennes' },
    client: (c, tolerance) => `${c.name} (${c.clientId}) — mode ${c.mode}, ${c.timeZone}, du ${c.window.from} au ${c.window.to}, tolérance ±${tolerance} % : ${c.readyToSwitch ? 'PRÊT À BASCULER' : 'pas prêt'}`,
  },
};

export const cliText = (language: CliLanguage): CliText => (language === 'fr' ? fr : en);

// Custom domain verification: a client's domain is served (its smartlink pages, its branded 404, a
// TLS certificate on demand) only once the client has shown it controls the domain, in either of
// two ways:
//  - DNS: a TXT record `_duotrack.<domain>` holding `duotrack-verify=<token>`;
//  - HTTP: http://<domain>/.well-known/duotrack-verify/<token> answers `duotrack-verify=<token>`.
//    Duotrack answers that path itself (tokenAnswer), on the domain's own Host, so the check passes
//    once the domain routes to this deployment.
// One token per client and domain. This module owns the `domain_verifications` table: client.ts
// calls domainWritten whenever it writes a client's domain, in the same transaction, so a new
// domain starts pending with a new token (changing the domain resets verification) and reading a
// verification never writes. A row counts only while its domain is the client's domain.
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DomainVerificationsTable, Schema } from '../db/schema.js';

/** How a check verifies a domain. */
export type CheckMethod = 'dns' | 'http';
/** How a domain was verified: by a check, or 'grandfathered' (set before verification existed: migration 0016). */
export type VerificationMethod = CheckMethod | 'grandfathered';

export interface DomainVerification {
  readonly clientId: string;
  readonly domain: string;
  readonly status: 'pending' | 'verified';
  /** The DNS method: the TXT record to create. */
  readonly dns: { readonly name: string; readonly type: 'TXT'; readonly value: string };
  /** The HTTP method: the URL that must answer `body` (Duotrack does, once the domain routes to it). */
  readonly http: { readonly url: string; readonly body: string };
  readonly verifiedAt: number | null;
  readonly method: VerificationMethod | null;
  /** The last check, successful or not. */
  readonly checkedAt: number | null;
  /** What the last failed check looked up and found; null once verified. */
  readonly failure: string | null;
}

/** What a TXT lookup gave: the records (each one's strings joined), or why there are none. */
export type TxtLookup = { readonly records: readonly string[] } | { readonly error: string };
/** What a GET gave: the answer, or why there is none. */
export type HttpLookup = { readonly status: number; readonly body: string } | { readonly error: string };

/** The network side (domain-checks.ts): tests give their own. */
export interface DomainChecks {
  txt(name: string): Promise<TxtLookup>;
  /** GET http://<domain><path>. */
  http(domain: string, path: string): Promise<HttpLookup>;
}

export type CheckOutcome = { readonly ok: true } | { readonly ok: false; readonly found: string };

/** Both methods' outcomes, as one check of a domain gives them. */
export interface CheckResult {
  readonly dns: CheckOutcome;
  readonly http: CheckOutcome;
}

export const VERIFY_PATH_PREFIX = '/.well-known/duotrack-verify/';
const TOKEN = /^[0-9a-f]{32}$/;

export const txtRecordName = (domain: string) => `_duotrack.${domain}`;
export const verificationValue = (token: string) => `duotrack-verify=${token}`;
export const verificationUrl = (domain: string, token: string) => `http://${domain}${VERIFY_PATH_PREFIX}${token}`;

/** Quoted and cut short: what a lookup found goes into a message. */
const shown = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** Whether the TXT records at `name` hold `expected`; if not, what was found. */
export function judgeTxt(name: string, expected: string, lookup: TxtLookup): CheckOutcome {
  if ('error' in lookup) return { ok: false, found: `DNS: TXT ${name}: ${lookup.error}` };
  if (lookup.records.some((record) => record.trim() === expected)) return { ok: true };
  if (lookup.records.length === 0) return { ok: false, found: `DNS: no TXT record at ${name}` };
  const records = lookup.records.slice(0, 5).map(shown).join(', ') + (lookup.records.length > 5 ? ` and ${lookup.records.length - 5} more` : '');
  return { ok: false, found: `DNS: TXT ${name} holds ${records}, not ${shown(expected)}` };
}

/** Whether GET `url` answered 200 with `expected`; if not, what it answered. */
export function judgeHttp(url: string, expected: string, lookup: HttpLookup): CheckOutcome {
  if ('error' in lookup) return { ok: false, found: `HTTP: GET ${url}: ${lookup.error}` };
  if (lookup.status !== 200) return { ok: false, found: `HTTP: GET ${url} answered ${lookup.status}` };
  if (lookup.body.trim() === expected) return { ok: true };
  return { ok: false, found: `HTTP: GET ${url} answered 200 with ${shown(lookup.body.trim())}, not ${shown(expected)}` };
}

/** The method that passed (DNS first), or null with both failures in one sentence. */
export function checkVerdict(result: CheckResult): { readonly method: CheckMethod; readonly failure: null } | { readonly method: null; readonly failure: string } {
  if (result.dns.ok) return { method: 'dns', failure: null };
  if (result.http.ok) return { method: 'http', failure: null };
  return { method: null, failure: `${result.dns.found}; ${result.http.found}` };
}

/** Looks the domain up both ways at once. No database here: a check may take seconds. */
export async function checkDomain(checks: DomainChecks, verification: DomainVerification): Promise<CheckResult> {
  const { domain, dns, http } = verification;
  const [txt, answer] = await Promise.all([checks.txt(dns.name), checks.http(domain, new URL(http.url).pathname)]);
  return { dns: judgeTxt(dns.name, dns.value, txt), http: judgeHttp(http.url, http.body, answer) };
}

/** The verification of the client's current domain; null without one. Reads only. */
export async function domainVerification(db: Kysely<Schema>, client: { readonly id: string; readonly domain: string | null }): Promise<DomainVerification | null> {
  if (!client.domain) return null;
  const row = await db.selectFrom('domain_verifications').selectAll().where('client_id', '=', client.id).executeTakeFirst();
  return row?.domain === client.domain ? toVerification(row) : null;
}

/**
 * After client.ts wrote a client's domain (in its transaction): a domain other than the one the
 * row verifies gets a fresh pending row with a new token; the same domain keeps its row (a verified
 * domain stays verified); no domain, no row.
 */
export async function domainWritten(db: Kysely<Schema>, clientId: string, domain: string | null, now = Date.now()): Promise<void> {
  if (domain === null) {
    await db.deleteFrom('domain_verifications').where('client_id', '=', clientId).execute();
    return;
  }
  await db
    .insertInto('domain_verifications')
    .values({ client_id: clientId, domain, token: randomBytes(16).toString('hex'), created_at: now, verified_at: null, method: null, checked_at: null, failure: null })
    .onConflict((oc) =>
      oc
        .column('client_id')
        .doUpdateSet((eb) => ({
          domain: eb.ref('excluded.domain'),
          token: eb.ref('excluded.token'),
          created_at: eb.ref('excluded.created_at'),
          verified_at: null,
          method: null,
          checked_at: null,
          failure: null,
        }))
        .whereRef('domain_verifications.domain', '<>', 'excluded.domain'),
    )
    .execute();
}

/**
 * Records a check of `verification` (verified when a method passed) and returns the verification
 * as it now is. A check of a domain the client has since changed records nothing.
 */
export async function recordCheck(db: Kysely<Schema>, verification: DomainVerification, result: CheckResult, now = Date.now()): Promise<DomainVerification> {
  const { method, failure } = checkVerdict(result);
  await db
    .updateTable('domain_verifications')
    .set(method ? { verified_at: now, method, checked_at: now, failure: null } : { checked_at: now, failure })
    .where('client_id', '=', verification.clientId)
    .where('domain', '=', verification.domain)
    .where('verified_at', 'is', null) // a domain verified meanwhile stays verified
    .execute();
  const row = await db.selectFrom('domain_verifications').selectAll().where('client_id', '=', verification.clientId).executeTakeFirst();
  return row?.domain === verification.domain ? toVerification(row) : verification;
}

/** The client whose verified domain `host` is (the caller checks the client may use custom domains). */
export async function verifiedDomainOwner(db: Kysely<Schema>, host: string): Promise<string | null> {
  const row = await db
    .selectFrom('domain_verifications as v')
    .innerJoin('clients as c', (join) => join.onRef('c.id', '=', 'v.client_id').onRef('c.domain', '=', 'v.domain'))
    .select('v.client_id')
    .where('v.domain', '=', host)
    .where('v.verified_at', 'is not', null)
    .executeTakeFirst();
  return row?.client_id ?? null;
}

/** Every verified domain, with its client (the caller keeps those whose client may use custom domains). */
export async function verifiedDomains(db: Kysely<Schema>): Promise<{ readonly clientId: string; readonly domain: string }[]> {
  const rows = await db
    .selectFrom('domain_verifications as v')
    .innerJoin('clients as c', (join) => join.onRef('c.id', '=', 'v.client_id').onRef('c.domain', '=', 'v.domain'))
    .select(['v.client_id', 'v.domain'])
    .where('v.verified_at', 'is not', null)
    .execute();
  return rows.map((row) => ({ clientId: row.client_id, domain: row.domain }));
}

/**
 * What GET /.well-known/duotrack-verify/<token> answers on `host`: the verification value when
 * the token is that of the pending domain `host`, null otherwise.
 */
export async function tokenAnswer(db: Kysely<Schema>, host: string, token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db
    .selectFrom('domain_verifications as v')
    .innerJoin('clients as c', (join) => join.onRef('c.id', '=', 'v.client_id').onRef('c.domain', '=', 'v.domain'))
    .select('v.domain')
    .where('v.token', '=', token)
    .where('v.verified_at', 'is', null)
    .executeTakeFirst();
  return row?.domain === host ? verificationValue(token) : null;
}

function toVerification(row: Selectable<DomainVerificationsTable>): DomainVerification {
  return {
    clientId: row.client_id,
    domain: row.domain,
    status: row.verified_at === null ? 'pending' : 'verified',
    dns: { name: txtRecordName(row.domain), type: 'TXT', value: verificationValue(row.token) },
    http: { url: verificationUrl(row.domain, row.token), body: verificationValue(row.token) },
    verifiedAt: row.verified_at,
    method: row.method,
    checkedAt: row.checked_at,
    failure: row.failure,
  };
}

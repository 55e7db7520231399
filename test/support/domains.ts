// Custom domains in tests: a client's domain is served only once verified. This marks it verified
// through the verification module itself, as a passing DNS check would.
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/db/schema.js';
import type { Client } from '../../src/tenants/client.js';
import { domainVerification, recordCheck } from '../../src/tenants/domain-verification.js';

export async function markDomainVerified(db: Kysely<Schema>, client: Pick<Client, 'id' | 'domain'>): Promise<void> {
  const verification = await domainVerification(db, client);
  if (!verification) throw new Error(`client ${client.id} has no custom domain to verify`);
  await recordCheck(db, verification, { dns: { ok: true }, http: { ok: false, found: 'not checked (test)' } });
}

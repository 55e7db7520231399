// Every destination the delivery queue sends to, as configured. Each outbound feature (server-side
// forwarding, the legacy mirror) adds its own here.
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Destination } from './queue.js';
import { mirrorDestination } from '../migration/mirror.js';
import { createSecretBox } from '../tenants/secrets.js';
import { forwardingDestinations } from '../forwarding/destinations.js';
import { createOutbound } from './outbound.js';
import type { Forwarding } from '../forwarding/forwarding.js';

export interface DestinationDeps {
  readonly config: Config;
  readonly database: Database;
  /** Server-side forwarding (GA4, Meta, TikTok): its credentials' box and the in-memory IPs. */
  readonly forwarding?: Pick<Forwarding, 'box' | 'ipMemory'>;
}

export function configuredDestinations(deps: DestinationDeps): Destination<never>[] {
  const outbound = createOutbound(deps.config.outboundAllow, deps.config.outboundCa);
  return [
    // the legacy mirror: always on; it sends only what clients in legacy/dual with a mirror enqueued
    mirrorDestination({ db: deps.database.db, box: createSecretBox(deps.config.secret), outbound }) as Destination<never>,
    // server-side forwarding: each sends only what clients with forwarding switched on enqueued
    ...(deps.forwarding ? (forwardingDestinations({ config: deps.config, database: deps.database, outbound, ...deps.forwarding }) as Destination<never>[]) : []),
  ];
}

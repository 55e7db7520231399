// Server-side forwarding as the running app holds it: the credentials' box, the in-memory IPs,
// the capture on the request path (no I/O: the page path only adds a side-car to its event) and
// the hooks the event store calls in its transaction.
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { TrackedEvent } from '../tracking/event.js';
import type { TrackTarget } from '../tracking/pipeline.js';
import type { RequestFacts } from '../tracking/request-facts.js';
import { captureForward } from './capture.js';
import { forwardingHooks, type ForwardingHooks } from './enqueue.js';
import { createIpMemory, type IpMemory } from './ip-memory.js';
import type { Platform } from './settings.js';
import { createSecretBox, type SecretBox } from '../tenants/secrets.js';

export interface Forwarding {
  readonly box: SecretBox;
  readonly ipMemory: IpMemory;
  readonly hooks: ForwardingHooks;
  /** Which platforms a client forwards to, as a batch's transaction just read them (the hooks call it; so does a batch stored in the SQLite thread). */
  settingsRead(clientId: string, platforms: readonly Platform[]): void;
  /** On the request path: attaches the forwarding side-car to the event, if it may be forwarded. */
  capture(facts: RequestFacts, target: TrackTarget, event: TrackedEvent): void;
}

/** How long a client seen forwarding nowhere has its fans' IPs left out of memory. */
const NO_IP_NEEDED_MS = 60_000;

export function createForwarding(config: Pick<Config, 'secret' | 'forwardingGraceMs'>, database: Database): Forwarding {
  const ipMemory = createIpMemory();
  // Clients whose last stored batch showed no forwarding at all: no reason to hold their fans' IPs.
  const noIpUntil = new Map<string, number>();
  const settingsRead = (clientId: string, platforms: readonly Platform[]) => {
    if (platforms.length > 0) noIpUntil.delete(clientId);
    else if (noIpUntil.size < 100_000) noIpUntil.set(clientId, Date.now() + NO_IP_NEEDED_MS);
  };
  return {
    box: createSecretBox(config.secret),
    ipMemory,
    hooks: forwardingHooks(database, { graceMs: config.forwardingGraceMs, onSettings: settingsRead }),
    settingsRead,
    capture(facts, target, event) {
      const forward = captureForward(facts, target, event);
      if (!forward) return;
      event.forward = forward;
      // a side-car means the page carries a tag: its platform may get the full address (GA4 as ip_override)
      if (!((noIpUntil.get(event.client_id) ?? 0) > facts.now)) ipMemory.remember(event.event_id, facts.ip, facts.now);
    },
  };
}

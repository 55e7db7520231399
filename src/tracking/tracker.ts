// Engine 1's entry point for the routes: build the event from the request, credit a click through
// the page to its view's source (attribution.ts), hand the event to the writer.
import type { Attribution } from './attribution.js';
import type { TrackedEvent } from './event.js';
import { buildEvent, type PipelineDeps, type TrackTarget } from './pipeline.js';
import type { RequestFacts } from './request-facts.js';
import type { EventWriter } from './writer.js';

/** Sees each event before the writer does (server-side forwarding's side-car). No I/O. */
export type BeforeWrite = (facts: RequestFacts, target: TrackTarget, event: TrackedEvent) => void;

export interface Tracker {
  /** `stored` resolves when the event is committed (or spooled while the database is away). */
  track(facts: RequestFacts, target: TrackTarget): { event: TrackedEvent; stored: Promise<void> };
}

export function createTracker(deps: PipelineDeps, writer: EventWriter, attribution: Attribution, beforeWrite?: BeforeWrite): Tracker {
  const write = (facts: RequestFacts, target: TrackTarget, event: TrackedEvent): Promise<void> => {
    beforeWrite?.(facts, target, event);
    return writer.record(event);
  };
  return {
    track(facts, target) {
      const event = buildEvent(facts, target, deps);
      // Views a fan may click from (a prefetch may be shown later); bots' would only evict them.
      if (event.type === 'view' && (event.excluded_reason === null || event.excluded_reason === 'prefetch')) attribution.remember(event);
      // A bot's click keeps its own source: it is out of every report, and may not cost a lookup.
      const source = target.via && event.excluded_reason === null ? attribution.sourceOf(target.via) : null;
      if (!(source instanceof Promise)) {
        if (source) Object.assign(event, source);
        return { event, stored: write(facts, target, event) };
      }
      const stored = source.then((found) => {
        if (found) Object.assign(event, found);
        return write(facts, target, event);
      });
      return { event, stored };
    },
  };
}

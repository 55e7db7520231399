// Engine 1's entry point for the routes: build the event from the request, hand it to the writer.
import type { TrackedEvent } from './event.js';
import { buildEvent, type PipelineDeps, type TrackTarget } from './pipeline.js';
import type { RequestFacts } from './request-facts.js';
import type { EventWriter } from './writer.js';

export interface Tracker {
  /** `stored` resolves when the event is committed (or spooled while the database is away). */
  track(facts: RequestFacts, target: TrackTarget): { event: TrackedEvent; stored: Promise<void> };
}

export function createTracker(deps: PipelineDeps, writer: EventWriter): Tracker {
  return {
    track(facts, target) {
      const event = buildEvent(facts, target, deps);
      return { event, stored: writer.record(event) };
    },
  };
}

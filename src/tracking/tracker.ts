// Engine 1's entry point for the routes: build the event from the request, hand it to the writer.
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

export function createTracker(deps: PipelineDeps, writer: EventWriter, beforeWrite?: BeforeWrite): Tracker {
  return {
    track(facts, target) {
      const event = buildEvent(facts, target, deps);
      beforeWrite?.(facts, target, event);
      return { event, stored: writer.record(event) };
    },
  };
}

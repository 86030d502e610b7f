import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

// Offsets are looked up once per chunk and cached, because asking Intl for an offset costs
// microseconds and the SLA maths needs it for every day it walks.
const CHUNK_MS = 16 * DAY_MS;
// tzdb has no two offset changes within 12 hours of each other since 1970, so sampling at this
// step finds every transition; the exact instant is then found by bisection.
const SAMPLE_MS = 12 * HOUR_MS;

interface OffsetChunk {
  readonly startOffsetMs: number;
  /** Instants (UTC ms) inside the chunk at which the offset changes, ascending. */
  readonly transitionsMs: readonly number[];
  /** Offset in force from the transition with the same index onwards. */
  readonly offsetsAfterMs: readonly number[];
}

/** A stretch of time during which the zone's UTC offset is constant. */
export interface OffsetSegment {
  readonly offsetMs: number;
  /** Exclusive end: the next transition, or the caller's limit if that comes first. */
  readonly untilMs: number;
}

/** UTC offsets of one IANA zone, independent of the process time zone. */
export class ZoneOffsets {
  readonly #zone: IANAZone;
  readonly #chunks = new Map<number, OffsetChunk>();

  constructor(timeZone: string) {
    this.#zone = IANAZone.create(timeZone);
    if (!this.#zone.isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  }

  offsetAt(instantMs: number): number {
    const chunk = this.#chunkAt(Math.floor(instantMs / CHUNK_MS));
    let offsetMs = chunk.startOffsetMs;
    for (let i = 0; i < chunk.transitionsMs.length && chunk.transitionsMs[i] <= instantMs; i++) {
      offsetMs = chunk.offsetsAfterMs[i];
    }
    return offsetMs;
  }

  /** The constant-offset segment that contains `instantMs`, cut at `limitMs`. */
  segmentAt(instantMs: number, limitMs: number): OffsetSegment {
    const offsetMs = this.offsetAt(instantMs);
    for (let index = Math.floor(instantMs / CHUNK_MS); index * CHUNK_MS < limitMs; index++) {
      const next = this.#chunkAt(index).transitionsMs.find((transitionMs) => transitionMs > instantMs);
      if (next !== undefined) return { offsetMs, untilMs: Math.min(next, limitMs) };
    }
    return { offsetMs, untilMs: limitMs };
  }

  #chunkAt(index: number): OffsetChunk {
    let chunk = this.#chunks.get(index);
    if (!chunk) {
      chunk = this.#scanChunk(index * CHUNK_MS);
      this.#chunks.set(index, chunk);
    }
    return chunk;
  }

  #scanChunk(startMs: number): OffsetChunk {
    const endMs = startMs + CHUNK_MS;
    const transitionsMs: number[] = [];
    const offsetsAfterMs: number[] = [];
    const startOffsetMs = this.#rawOffsetMs(startMs);
    let previousMs = startMs;
    let previousOffsetMs = startOffsetMs;
    for (let sampleMs = startMs + SAMPLE_MS; sampleMs <= endMs; sampleMs += SAMPLE_MS) {
      const offsetMs = this.#rawOffsetMs(sampleMs);
      if (offsetMs !== previousOffsetMs) {
        const transitionMs = this.#bisectTransition(previousMs, sampleMs, previousOffsetMs);
        // A transition exactly at the chunk end belongs to the next chunk's start offset.
        if (transitionMs < endMs) {
          transitionsMs.push(transitionMs);
          offsetsAfterMs.push(offsetMs);
        }
      }
      previousMs = sampleMs;
      previousOffsetMs = offsetMs;
    }
    return { startOffsetMs, transitionsMs, offsetsAfterMs };
  }

  /** First instant in (lowMs, highMs] whose offset differs from `lowOffsetMs`. */
  #bisectTransition(lowMs: number, highMs: number, lowOffsetMs: number): number {
    let low = lowMs;
    let high = highMs;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.#rawOffsetMs(middle) === lowOffsetMs) low = middle;
      else high = middle;
    }
    return high;
  }

  #rawOffsetMs(instantMs: number): number {
    return Math.round(this.#zone.offset(instantMs) * MINUTE_MS);
  }
}

const zoneOffsetsByName = new Map<string, ZoneOffsets>();

/** Shared per zone so the offset cache is filled once per process. */
export function zoneOffsetsFor(timeZone: string): ZoneOffsets {
  let offsets = zoneOffsetsByName.get(timeZone);
  if (!offsets) {
    offsets = new ZoneOffsets(timeZone);
    zoneOffsetsByName.set(timeZone, offsets);
  }
  return offsets;
}

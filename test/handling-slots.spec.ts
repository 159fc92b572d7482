/**
 * The adapter's handling slots (#33): while the webhook keeps storing updates, their handling goes one at a time, so
 * storing keeps ahead of a burst; once the updates stop arriving, the waiting ones are handled together.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HandlingSlots } from "../src/platforms/telegram/handling-slots.js";

describe("handling slots", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Ten handlings that each wait until released; how many run at once. */
  function tenHandlings(slots: HandlingSlots) {
    const running = new Set<number>();
    let most = 0;
    const release: (() => void)[] = [];
    const done = Array.from({ length: 10 }, (_, i) =>
      slots.run(async () => {
        running.add(i);
        most = Math.max(most, running.size);
        await new Promise<void>((r) => release.push(r));
        running.delete(i);
      }),
    );
    return { running, most: () => most, release, done };
  }

  it("handles one update at a time while updates keep arriving, all at once (up to its size) when they stop", async () => {
    const slots = new HandlingSlots({ size: 16, whileArriving: 1, quietMs: 100 });
    slots.arrived();
    const h = tenHandlings(slots);
    await vi.advanceTimersByTimeAsync(50);
    expect(h.running.size).toBe(1);
    // Another arrival keeps the webhook busy: the next handling starts as the first ends, one at a time.
    slots.arrived();
    h.release.shift()?.();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.running.size).toBe(1);
    // Quiet for 100 ms: the eight still waiting go in together.
    await vi.advanceTimersByTimeAsync(100);
    expect(h.running.size).toBe(9);
    for (const r of h.release.splice(0)) r();
    await vi.advanceTimersByTimeAsync(1);
    for (const r of h.release.splice(0)) r();
    await Promise.all(h.done);
    expect(h.most()).toBe(9);
  });

  it("never runs more than its size at once when nothing arrives", async () => {
    const slots = new HandlingSlots({ size: 4, whileArriving: 1 });
    const h = tenHandlings(slots);
    for (let round = 0; round < 4; round++) {
      await vi.advanceTimersByTimeAsync(1);
      for (const r of h.release.splice(0)) r();
    }
    await Promise.all(h.done);
    expect(h.most()).toBe(4);
  });
});

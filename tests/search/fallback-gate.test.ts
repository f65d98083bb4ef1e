import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/domain/errors.js';
import { FallbackGate } from '../../src/search/fallback-gate.js';

describe('the gate of the degraded search path', () => {
  it('runs `concurrency` searches at once, queues `queue` more, and refuses the rest with a retry delay', async () => {
    const gate = new FallbackGate({ concurrency: 2, queue: 3, maxWaitMs: 5_000, retryAfterSeconds: 2 });
    let running = 0;
    let most = 0;
    const search = () =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        return 'ok';
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, search));
    expect(most).toBe(2);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
    expect(refused).toHaveLength(5);
    for (const error of refused) {
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.retryAfterSeconds).toBe(2);
    }
    expect(gate.refused).toBe(5);
  });

  it('refuses a search that waited longer than `maxWaitMs`', async () => {
    const gate = new FallbackGate({ concurrency: 1, queue: 5, maxWaitMs: 20 });
    const slow = gate.run(() => new Promise((resolve) => setTimeout(resolve, 200)));
    await expect(gate.run(async () => 'late')).rejects.toBeInstanceOf(UnavailableError);
    await slow;
    expect(await gate.run(async () => 'free again')).toBe('free again');
  });
});

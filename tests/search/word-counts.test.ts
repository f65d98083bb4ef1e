// The counts query planning reuses (src/search/word-counts.ts): trusted while the index has not moved, for a
// moment at most, and bounded in number.
import { describe, expect, it } from 'vitest';
import { WordCountCache } from '../../src/search/word-counts.js';

describe('WordCountCache', () => {
  it('gives a count back at the generation and within the time it was read at', () => {
    const cache = new WordCountCache(2_000);
    cache.set('vendome', 3, 7, 1_000);
    expect(cache.get('vendome', 7, 2_999)).toBe(3);
    expect(cache.get('amiens', 7, 1_000)).toBeUndefined();
  });

  it('forgets a count once the index has moved', () => {
    const cache = new WordCountCache(2_000);
    cache.set('vendome', 3, 7, 1_000);
    expect(cache.get('vendome', 8, 1_001)).toBeUndefined();
    // and for good: the generation coming back (another engine) does not revive it.
    expect(cache.get('vendome', 7, 1_002)).toBeUndefined();
  });

  it('forgets a count older than its time to live (writes by other processes)', () => {
    const cache = new WordCountCache(2_000);
    cache.set('vendome', 3, 7, 1_000);
    expect(cache.get('vendome', 7, 3_001)).toBeUndefined();
  });

  it('keeps at most maxKeys counts, forgetting the oldest read first', () => {
    const cache = new WordCountCache(2_000, 2);
    cache.set('a', 1, 0, 0);
    cache.set('b', 2, 0, 0);
    cache.set('a', 1, 0, 1);
    cache.set('c', 3, 0, 1);
    expect([cache.get('a', 0, 1), cache.get('b', 0, 1), cache.get('c', 0, 1)]).toEqual([1, undefined, 3]);
  });
});

import { describe, expect, it } from 'vitest';
import { truncate } from '../src/util/format.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutting text to a limit', () => {
  it('never leaves half an emoji when a long run without spaces is cut', () => {
    const emoji = '🎉'.repeat(200);
    for (let max = 2; max < 40; max++) {
      const cut = truncate(emoji, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(LONE_SURROGATE.test(cut)).toBe(false);
    }
  });
});

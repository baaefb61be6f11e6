/** A target a figure must reach (`floor`, at least) or stay within (`ceiling`, at most). */
export type TargetKind = 'floor' | 'ceiling';

const MOST_DECIMALS = 6;

/**
 * A figure with at least `decimals` decimals, and more where fewer would round it onto its target
 * (3.03% beside a 3% ceiling, not 3.0%): a miss is never hidden by rounding. `scale` 100 shows a
 * rate as a percentage.
 */
export function figureBeside(value: number, target: number, decimals: number, scale = 1): string {
  let digits = decimals;
  while (
    digits < MOST_DECIMALS &&
    value !== target &&
    (value * scale).toFixed(digits) === (target * scale).toFixed(digits)
  )
    digits++;
  return (value * scale).toFixed(digits);
}

/** Whether a figure meets its target, in words: `ok`, or what the miss is. */
export function verdict(value: number, target: number, kind: TargetKind): string {
  if (kind === 'floor') return value >= target ? 'ok' : 'MISSES TARGET: below the floor';
  return value <= target ? 'ok' : 'MISSES TARGET: over the ceiling';
}

/** `target >= 0.9: ok`, `target <= 3.0%: MISSES TARGET: over the ceiling`, with the target as `show` writes it. */
export function targetNote(value: number, target: number, kind: TargetKind, show: (n: number) => string): string {
  return `target ${kind === 'floor' ? '>=' : '<='} ${show(target)}: ${verdict(value, target, kind)}`;
}

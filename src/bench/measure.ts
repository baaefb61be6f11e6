export interface Measurement<T> {
  result: T;
  wallMs: number;
  cpuMs: number;
}

/** Wall-clock and CPU time (user + system, this process) of one async run. */
export async function measure<T>(work: () => Promise<T>): Promise<Measurement<T>> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

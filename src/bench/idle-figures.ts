export interface IdleFigures {
  /** Wall time from process start to here. */
  startupMs: number;
  /** CPU time (user and system) to here: on a busy machine, the steadier of the two. */
  cpuMs: number;
  rssMb: number;
  items: number;
}

/** How long the process took to get here, then its memory once it has idled and collected. */
export async function idleFigures(items: number): Promise<IdleFigures> {
  const startupMs = Math.round(process.uptime() * 1000);
  const cpu = process.cpuUsage();
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { startupMs, cpuMs, rssMb: Math.round(process.memoryUsage().rss / 1048576), items };
}

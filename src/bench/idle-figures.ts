/** How long the process took to get here, then its memory once it has idled and collected. */
export async function idleFigures(items: number): Promise<{ startupMs: number; rssMb: number; items: number }> {
  const startupMs = Math.round(process.uptime() * 1000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { startupMs, rssMb: Math.round(process.memoryUsage().rss / 1048576), items };
}

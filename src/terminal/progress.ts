import cliProgress from 'cli-progress';

export interface Progress {
  /** Advances by `by` steps (default one), showing `label`. */
  tick(label: string, by?: number): void;
  stop(): void;
}

/** A progress bar on an interactive terminal; nothing at all when output is piped or in CI. */
export function createProgress(total: number, title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 1) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} {label}`, stream, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick(label, by = 1) {
      bar.increment(by, { label });
    },
    stop() {
      bar.stop();
    },
  };
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/care-review-bot.js', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as a user would, with the given settings. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  input?: string,
  timeoutMs = 30_000,
  cwd = root,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      // Fixture servers are on 127.0.0.1: private feed addresses are allowed unless a test says otherwise.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'silent',
        ALLOW_PRIVATE_FEEDS: '1',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} did not finish in ${timeoutMs}ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export interface RunningCli {
  readonly pid: number;
  readonly output: { stdout: string; stderr: string };
  /** Resolves once stdout matches, or rejects after `timeoutMs` with what was printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  type(line: string): void;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the real CLI and keeps it running, for tests that talk to a live bot or kill it mid-work. */
export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'silent',
      ALLOW_PRIVATE_FEEDS: '1',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (output.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output.stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    output,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (pattern.test(output.stdout)) return resolve();
          if (Date.now() - started > timeoutMs)
            return reject(
              new Error(`no ${pattern} within ${timeoutMs}ms\nstdout: ${output.stdout}\nstderr: ${output.stderr}`),
            );
          setTimeout(check, 50);
        };
        check();
      });
    },
    type: (line) => void child.stdin.write(`${line}\n`),
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

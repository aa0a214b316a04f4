import { spawn } from 'node:child_process';
import path from 'node:path';

const main = path.join(__dirname, '..', 'dist', 'main.js');

/** Runs the built worker as a real process, as `npm start` and Docker do. */
export function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (text: string, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`"${text}" not seen; output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** The JSON log lines (pino), parsed. */
  const lines = () =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, exited, waitFor, output: () => output, lines };
}

export type WorkerProcess = ReturnType<typeof startWorker>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

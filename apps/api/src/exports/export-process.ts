import type { OnApplicationShutdown } from '@nestjs/common';
import type { ExportPlan } from '@timetracker/core';
import type { FastifyReply } from 'fastify';
import { fork, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { downloadHeaders } from '../platform/downloads';

// The API writes each time-entries export (CSV, XLSX) in a process of its own (export-main.ts),
// under V8 heap caps (API_EXPORT_NODE_OPTIONS, docs/configuration.md "Export processes"), a few
// at a time (API_EXPORT_PROCESSES). In the API's process an export of a year for everyone took
// its peak RSS from the idle ~165 MB to 207 MB (CSV) and 272-278 MB (XLSX: exceljs's per-cell
// garbage), and the XLSX's minute of CPU ran on the event loop every other request waits on.
// Relaying the process's bytes through the API still cost the API ~50 MB (a young generation and
// Buffers filling with chunks), so the process writes the response body to the client's socket
// itself: the API writes the head, the process the body, the API the end (docs/benchmarks.md,
// "Exports in processes of their own").

/** The built entry point of an export's process, whether this module runs built or from source. */
const EXPORT_MAIN = path.resolve(__dirname, '..', '..', 'dist', 'export-main.js');

/** The descriptor an export's process writes the body to: the client's socket, or a pipe to the API. */
export const EXPORT_BODY_FD = 4;

/** What the API tells an export's process: first the order, then (once the head is out) to write. */
export type ExportOrder =
  | { databaseUrl: string; plan: ExportPlan }
  | {
      /** Frame the bytes as HTTP/1.1 chunks (they go straight to the client's socket). */
      chunked: boolean;
    };

/** What an export's process tells the API: the query is open, the body is written, or why it failed. */
export type ExportAnswer = { ready: true } | { done: true } | { error: string; code?: string };

export interface ExportProcessOptions {
  /** Where exports read (the read replica when there is one). */
  databaseUrl: string;
  /** V8 flags of each export's process. */
  nodeOptions: string;
  /** How many run at once; the rest wait for one to end. */
  processes: number;
}

/**
 * Sends exports from processes of their own: at most `processes` at once, in the order they were
 * asked for. Refusals and outages before the query is open become the usual problem answers; a
 * process that fails or is killed later cuts the download short (never a complete-looking file);
 * a client that goes away kills its process, which ends its query.
 */
export class ExportProcesses implements OnApplicationShutdown {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private readonly children = new Set<ChildProcess>();

  constructor(private readonly options: ExportProcessOptions) {}

  /** Exports waiting for a process (tests watch it). */
  get waiting(): number {
    return this.queue.length;
  }

  onApplicationShutdown(): void {
    for (const child of this.children) child.kill('SIGTERM');
  }

  /** Writes the plan's file as the reply: a download of `type` named `filename`. */
  async send(plan: ExportPlan, reply: FastifyReply, type: string, filename: string): Promise<void> {
    await this.turn();
    const socket = reply.raw.socket;
    if (!socket || socket.destroyed) {
      // The client went away while the export waited its turn.
      this.release();
      reply.hijack();
      return;
    }
    // The body goes straight to a plain TCP socket; through the API otherwise (TLS, injected
    // requests), and for HEAD, whose body Node drops.
    const direct =
      reply.request.method !== 'HEAD' && socket instanceof Socket && !(socket instanceof TLSSocket);
    const child = fork(EXPORT_MAIN, [], {
      execArgv: this.options.nodeOptions.split(/\s+/).filter(Boolean),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc', direct ? socket : 'pipe'],
      // Structured clone: the plan's dates arrive as dates.
      serialization: 'advanced',
    });
    this.children.add(child);
    const answers = this.answers(child);
    // A client that goes away (or a download cut short) ends the process, and with it the query.
    reply.raw.once('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    child.once('spawn', () =>
      child.send({ databaseUrl: this.options.databaseUrl, plan } satisfies ExportOrder),
    );
    try {
      await answers.ready;
    } catch (err) {
      child.kill('SIGTERM');
      // The problem answer goes out as usual, but Node no longer reads this socket (below).
      if (direct) reply.raw.setHeader('Connection', 'close');
      throw err;
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      ...downloadHeaders(type, filename),
      // Node stopped reading the socket when it handed it to the process (fork's stdio): no
      // further request can come on it.
      ...(direct ? { Connection: 'close' } : {}),
    });
    res.flushHeaders();
    if (direct && socket.writableLength > 0) await new Promise((drained) => socket.once('drain', drained));
    // Node frames the body as chunks unless the client spoke HTTP/1.0; the process must do the same.
    const chunked = direct && (res as typeof res & { chunkedEncoding?: boolean }).chunkedEncoding === true;
    if (!direct) (child.stdio[EXPORT_BODY_FD] as NodeJS.ReadableStream).pipe(res, { end: false });
    child.send({ chunked } satisfies ExportOrder);
    try {
      await answers.done;
      res.end();
    } catch (err) {
      res.destroy(err as Error);
    }
  }

  private turn(): Promise<void> {
    if (this.running < this.options.processes) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Hands the slot to the next in line, or frees it. */
  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }

  /**
   * When the process has opened its query (`ready`) and when it has ended having written the
   * whole body (`done`); either rejects with why it did not. The slot is freed when it ends.
   */
  private answers(child: ChildProcess): { ready: Promise<void>; done: Promise<void> } {
    let failure: Error | undefined;
    let finished = false;
    let released = false;
    const end = () => {
      if (released) return;
      released = true;
      this.children.delete(child);
      this.release();
    };
    let onReady!: () => void;
    let onDone!: () => void;
    let onFailed!: (err: Error) => void;
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    const done = new Promise<void>((resolve, reject) => {
      onDone = resolve;
      onFailed = reject;
    });
    // Whoever awaits `ready` sees the failure through it; `done` is awaited only after.
    const readyOrFailed = Promise.race([ready, done]);
    done.catch(() => {});
    child.on('message', (answer: ExportAnswer) => {
      if ('ready' in answer) onReady();
      else if ('done' in answer) finished = true;
      else failure = Object.assign(new Error(answer.error), answer.code ? { code: answer.code } : {});
    });
    child.once('error', (err) => {
      failure ??= err;
      // Never started: no 'close' may follow, and it holds no slot.
      if (child.pid === undefined) {
        end();
        onFailed(err);
      }
    });
    // 'close', not 'exit': by then every message it sent has been read (and a relayed body too).
    child.once('close', (code, signal) => {
      end();
      if (finished && code === 0) return onDone();
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      onFailed(failure ?? new Error(`The export's process ${how}`));
    });
    return { ready: readyOrFailed, done };
  }
}

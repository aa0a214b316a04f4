// The renderer alone, not all of core: a third of the start's time.
import { exportRendererFor } from '@timetracker/core/export-renderer';
import { Socket } from 'node:net';
import { once } from 'node:events';
import { EXPORT_BODY_FD, type ExportAnswer, type ExportOrder } from './exports/export-process';

// A time-entries export's own process (exports/export-process.ts starts it). On the API's order
// it opens the export's query and says so when the first bytes are there; once the API has
// written the response's head, it writes the body to descriptor 4 (the client's socket, or a pipe
// to the API) and says when it is done, or why it failed.

const answer = (message: ExportAnswer) =>
  new Promise<void>((sent, failed) =>
    process.send!(message, (err: Error | null) => (err ? failed(err) : sent())),
  );

// Every order is kept from the moment it arrives: one that came while this process was busy
// (the API answers "ready" at once) must not be missed.
const orders: ExportOrder[] = [];
let awaited: ((order: ExportOrder) => void) | undefined;
process.on('message', (order: ExportOrder) => {
  if (awaited) {
    awaited(order);
    awaited = undefined;
  } else orders.push(order);
});
const nextOrder = () =>
  orders.length > 0
    ? Promise.resolve(orders.shift()!)
    : new Promise<ExportOrder>((resolve) => (awaited = resolve));

/** HTTP/1.1 chunked framing: the chunk's size in hex, its bytes, CRLF (the API writes the last chunk). */
const framed = (chunk: Buffer) =>
  Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, CRLF]);
const CRLF = Buffer.from('\r\n');

/** Bytes gathered before a write: COPY sends a row a chunk, and a write (a TCP segment) per row is slow. */
const WRITE_BYTES = 64 * 1024;

/**
 * Writes the stream to the body's descriptor in writes of about WRITE_BYTES, without ending it
 * (the socket stays the API's: it ends the answer), resolving once the last byte was handed to
 * the kernel: a process that exits earlier loses what it had not written yet.
 */
async function writeBody(stream: AsyncIterable<Buffer>, chunked: boolean): Promise<void> {
  // Write only, and never ended here: the API ends the answer (the last chunk), then the
  // connection (Connection: close).
  const body = new Socket({ fd: EXPORT_BODY_FD, readable: false, writable: true });
  const failed = new Promise<never>((_, reject) => body.once('error', reject));
  failed.catch(() => {}); // seen through the races below
  let written: Promise<unknown> = Promise.resolve();
  let gathered: Buffer[] = [];
  let bytes = 0;
  const write = async () => {
    const data = Buffer.concat(gathered, bytes);
    gathered = [];
    bytes = 0;
    written = new Promise<void>((resolve) => body.write(chunked ? framed(data) : data, () => resolve()));
    if (body.writableNeedDrain) await Promise.race([once(body, 'drain'), failed]);
  };
  for await (const chunk of stream) {
    gathered.push(chunk);
    bytes += chunk.length;
    if (bytes >= WRITE_BYTES) await write();
  }
  if (bytes > 0) await write();
  await Promise.race([written, failed]);
}

async function run(): Promise<void> {
  const order = await nextOrder();
  if (!('plan' in order)) throw new Error('The first order names no plan');
  const stream = await exportRendererFor(order.databaseUrl)(order.plan);
  // Ready once the first bytes (or the end) are there: a query the database refuses is still a
  // problem answer, not a download cut short.
  await new Promise((resolve, reject) => {
    stream.once('readable', resolve);
    stream.once('error', reject);
  });
  await answer({ ready: true });
  const go = await nextOrder();
  if (!('chunked' in go)) throw new Error('The second order says nothing of the framing');
  await writeBody(stream, go.chunked);
  await answer({ done: true });
}

if (!process.send) {
  console.error('The export process is started by the API (exports/export-process.ts), not by hand');
  process.exit(64);
}
// The API went away: nobody reads the file any more.
process.once('disconnect', () => process.exit(2));
run().then(
  () => process.exit(0),
  async (err: unknown) => {
    const { message, code } = err as { message?: string; code?: unknown };
    await answer({ error: message ?? String(err), ...(typeof code === 'string' ? { code } : {}) }).catch(
      () => {},
    );
    process.exit(1);
  },
);

import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';

/**
 * The tar archive being written to its temporary file. When writing it fails, the pack stream
 * never drains again, so every step waits on `guard`, which fails at once with the write error
 * instead of waiting forever.
 */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly out: WriteStream;
  private readonly writing: Promise<void>;
  /** Rejects with the archive's write error as soon as there is one; never resolves. */
  private readonly broken: Promise<never>;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    // Errors are read from `writing`; these listeners only keep a late one from being uncaught.
    this.pack.on('error', () => {});
    this.out.on('error', () => {});
    this.writing = pipeline(this.pack as unknown as Readable, this.out);
    this.broken = this.writing.then(() => new Promise<never>(() => {}));
    this.broken.catch(() => {});
  }

  /** `step`, or the archive's write error if that comes first. */
  guard<T>(step: Promise<T>): Promise<T> {
    step.catch(() => {}); // when the write error wins the race, the step's own error is moot
    return Promise.race([step, this.broken]);
  }

  async addFile(name: string, file: string, mtime: Date): Promise<void> {
    const { size } = await stat(file);
    const added = entryDone();
    const entry = this.pack.entry({ name, size, mtime, mode: 0o600 }, added.callback);
    await this.guard(
      Promise.all([pipeline(createReadStream(file), entry as unknown as Writable), added.promise]),
    );
  }

  async addBuffer(name: string, data: Buffer, mtime: Date): Promise<void> {
    const added = entryDone();
    const entry = this.pack.entry({ name, size: data.length, mtime, mode: 0o600 }, data, added.callback);
    entry.on('error', () => {}); // reported through the callback
    await this.guard(added.promise);
  }

  /** Ends the archive and waits until every byte is handed to the file. */
  async finish(): Promise<void> {
    this.pack.finalize();
    await this.writing;
  }

  /** Stops writing and closes the file. */
  async abort(): Promise<void> {
    this.pack.destroy();
    this.out.destroy();
    if (!this.out.closed) await new Promise<void>((resolve) => this.out.once('close', () => resolve()));
    await this.writing.catch(() => {});
  }
}

function entryDone(): { promise: Promise<void>; callback: (err?: Error | null) => void } {
  let callback!: (err?: Error | null) => void;
  const promise = new Promise<void>((resolve, reject) => {
    callback = (err) => (err ? reject(err) : resolve());
  });
  promise.catch(() => {});
  return { promise, callback };
}

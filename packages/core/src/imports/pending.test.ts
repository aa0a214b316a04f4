import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pending } from './pending';

/** The next turn of the event loop: Node has reported any rejection left unhandled by then. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Pending (the batch an import writes while it parses the next)', () => {
  const unhandled = vi.fn();
  afterEach(() => {
    process.off('unhandledRejection', unhandled);
    unhandled.mockReset();
  });

  it('keeps a failure that comes while nobody waits, and throws it from settled()', async () => {
    process.on('unhandledRejection', unhandled);
    const handling = new Pending();
    // The write fails while the parser is still reading the next batch (not awaiting yet).
    handling.start(async () => {
      throw new Error('batch 3: the database refused it');
    });
    await nextTurn();
    await nextTurn();
    expect(unhandled).not.toHaveBeenCalled();
    await expect(handling.settled()).rejects.toThrow('batch 3: the database refused it');
  });

  it('settles only when the work has ended', async () => {
    const handling = new Pending();
    await handling.settled(); // nothing started: settled at once
    let finish!: () => void;
    handling.start(() => new Promise<void>((resolve) => (finish = resolve)));
    let settled = false;
    const waiting = handling.settled().then(() => (settled = true));
    await nextTurn();
    expect(settled).toBe(false);
    finish();
    await waiting;
    expect(settled).toBe(true);
  });
});

/**
 * One piece of work running while the caller goes on; its failure is kept (not an unhandled
 * rejection meanwhile) and thrown by settled().
 */
export class Pending {
  private work: Promise<unknown> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  start(work: () => Promise<void>): void {
    this.work = work().catch((error: unknown) => {
      this.failure = { error };
    });
  }

  async settled(): Promise<void> {
    await this.work;
    if (this.failure) throw this.failure.error;
  }
}

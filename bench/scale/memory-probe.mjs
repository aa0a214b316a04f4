// Loaded into the API by export-memory.mjs (node --import): every MEMORY_PROBE_MS (500) it
// appends what the process holds, as a JSON line, to MEMORY_PROBE_FILE.
import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  const start = Date.now();
  setInterval(
    () => {
      const m = process.memoryUsage();
      const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
      const line = {
        ms: Date.now() - start,
        rss: m.rss,
        heapTotal: m.heapTotal,
        heapUsed: m.heapUsed,
        oldUsed: old ? old.space_used_size : 0,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    },
    Number(process.env.MEMORY_PROBE_MS ?? 500),
  ).unref();
}

// Docker HEALTHCHECK of the api: healthy when GET /api/v1/health/ready answers 200 (the database
// answers and its migrations are applied) within 3 s. Exit 0 healthy, 1 not.
const port = process.env.PORT || '3000';
const url = `http://127.0.0.1:${port}/api/v1/health/ready`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!res.ok) console.error(`not ready: ${res.status} ${await res.text()}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`not ready: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

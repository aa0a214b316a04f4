// The API reports the version it was built from (package.json is next to dist/ at run time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const API_VERSION: string = (require('../package.json') as { version: string }).version;

export {
  createEmptyDatabase,
  createTestDatabase,
  dropDatabase,
  newDatabaseName,
  testServerUrl,
  TEST_ADMIN_PASSWORD,
  TEST_ADMIN_USERNAME,
  type TestDatabase,
} from './server';
export { mountSmallFilesystem, smallFilesystemUnavailable, type SmallFilesystem } from './small-filesystem';
export { ROLLUP_DRIFT_SQL } from './rollups';

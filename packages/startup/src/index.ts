export { adoptLegacyDatabase, isLegacyDatabase, AdoptionError, type AdoptResult } from './adopt/adopt';
export { compareCatalogs, type CatalogComparison } from './catalog/compare';
export { expectedCatalog } from './catalog/expected';
export { introspect, readCatalog, type Catalog } from './catalog/introspect';
export { loadStartupConfig, ConfigError, type StartupConfig } from './config';
export { resolveDatabase } from './database';
export { connect, maskUrl, withDatabase } from './db';
export { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
export { MIGRATION_LOCK_KEY, withAdvisoryLock } from './lock';
export { createMigration } from './migrations/create';
export { checksumOf, readMigrations, readSqlFiles, type MigrationFile } from './migrations/files';
export { readHistory } from './migrations/history';
export { applyPendingMigrations, MigrationError } from './migrations/migrate';
export { rollbackLast, RollbackRefusedError } from './migrations/rollback';
export { migrationStatus, type MigrationStatus } from './migrations/status';
export { findRepoRoot } from './paths';
export { loadSchemaSources, runStartup, VerifyFailedError, type StartupResult } from './pipeline';
export { consoleReporter, memoryReporter, silentReporter, type Reporter } from './report';
export { seedDefaults } from './seed';
export { verifyDatabase, formatVerifyReport, type VerifyReport } from './verify';
export { waitForDatabase, DatabaseUnreachableError } from './wait';
export {
  restoreBackup,
  migrationsUpTo,
  RestoreFailedError,
  RestoreRefusedError,
  type RestoreResult,
} from './backup/restore';
export { seedDemoData, DEMO_PASSWORD, type DemoOptions, type DemoResult } from './demo';

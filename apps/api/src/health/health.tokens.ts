export const HEALTH_SERVICE = Symbol('HealthService');
/** Names of the migrations this build needs applied (string[]). */
export const EXPECTED_MIGRATIONS = Symbol('ExpectedMigrations');

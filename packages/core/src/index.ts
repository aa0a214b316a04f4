export * from './auth/password';
export * from './config/env';
export * from './health/health.repository';
export * from './health/health.service';
export * from './process/shutdown';
export * from './errors/domain-error';

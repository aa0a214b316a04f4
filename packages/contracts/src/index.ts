export * from './health';
export * from './common/pagination';
export * from './common/problem';
export * from './auth';
export * from './users';

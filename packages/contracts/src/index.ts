export * from './health';
export * from './common/pagination';
export * from './common/problem';

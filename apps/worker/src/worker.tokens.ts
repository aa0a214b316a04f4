export const WORKER_CONFIG = Symbol('WorkerConfig');
export const PRISMA = Symbol('PrismaClient');

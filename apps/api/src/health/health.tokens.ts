export const HEALTH_SERVICE = Symbol('HealthService');

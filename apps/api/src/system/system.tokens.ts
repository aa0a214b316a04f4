export const SYSTEM_SERVICE = Symbol('SystemService');

export const USAGE_SERVICE = Symbol('UsageService');

export const SETUP_SERVICE = Symbol('SetupService');

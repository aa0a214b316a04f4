export const IMPORTS_SERVICE = Symbol('ImportsService');

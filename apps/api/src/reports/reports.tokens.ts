export const REPORTS_SERVICE = Symbol('ReportsService');

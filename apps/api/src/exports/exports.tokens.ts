export const EXPORT_SERVICE = Symbol('TimeEntryExportService');

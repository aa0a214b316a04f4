export const EXPORT_SERVICE = Symbol('TimeEntryExportService');
export const REPORT_EXPORT_SERVICE = Symbol('ReportSummaryExportService');
export const TIMESHEET_PDF_SERVICE = Symbol('TimesheetPdfService');

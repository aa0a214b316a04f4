export const TIMESHEET_SERVICE = Symbol('TimesheetService');

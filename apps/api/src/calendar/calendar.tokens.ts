export const CALENDAR_SERVICE = Symbol('CalendarService');

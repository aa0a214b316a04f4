export const CALENDAR_FEED_SERVICE = Symbol('CalendarFeedService');

export const TIME_ENTRIES_SERVICE = Symbol('TimeEntriesService');

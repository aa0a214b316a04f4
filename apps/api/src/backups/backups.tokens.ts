export const BACKUPS_SERVICE = Symbol('BackupsService');

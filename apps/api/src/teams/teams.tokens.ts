export const TEAMS_SERVICE = Symbol('TeamsService');

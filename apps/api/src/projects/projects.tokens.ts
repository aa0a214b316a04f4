/** Also what other modules inject to call `assertAcceptsTime` (import ProjectsModule). */
export const PROJECTS_SERVICE = Symbol('ProjectsService');

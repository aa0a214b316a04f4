export const TASKS_SERVICE = Symbol('TasksService');

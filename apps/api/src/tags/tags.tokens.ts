export const TAGS_SERVICE = Symbol('TagsService');

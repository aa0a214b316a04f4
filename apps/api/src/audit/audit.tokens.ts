export const AUDIT_SERVICE = Symbol('AuditService');

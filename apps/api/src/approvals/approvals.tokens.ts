export const APPROVALS_SERVICE = Symbol('ApprovalsService');

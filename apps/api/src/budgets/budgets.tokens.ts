export const BUDGETS_SERVICE = Symbol('BudgetsService');

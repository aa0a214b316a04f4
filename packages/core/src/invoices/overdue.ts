/**
 * "Overdue", in one place: a sent invoice is overdue from the day after its due date, where the
 * day is `today` in settings.timezone (zonedDate). The worker stores the status hourly
 * (OverdueInvoicesService); until it has, reads show it (effectiveStatus) and lists filter on it
 * (InvoicesRepository.list): the rule is this predicate, and the repositories' pastDueWhere is
 * its query (a test checks they agree on PostgreSQL).
 */
export function isPastDue(status: string, dueDate: string, today: string): boolean {
  return status === 'sent' && dueDate < today;
}

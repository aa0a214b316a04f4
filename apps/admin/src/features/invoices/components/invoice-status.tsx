import { Badge } from '@mantine/core';
import type { InvoiceStatus } from '@timetracker/contracts';

const COLORS: Record<InvoiceStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  paid: 'teal',
  cancelled: 'dark',
  overdue: 'red',
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light">
      {status}
    </Badge>
  );
}

import { Badge } from '@mantine/core';
import type { InvoiceStatus } from '@timetracker/contracts';
import { useTranslation } from 'react-i18next';

const COLORS: Record<InvoiceStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  paid: 'teal',
  cancelled: 'dark',
  overdue: 'red',
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation('invoices');
  return (
    <Badge color={COLORS[status]} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}

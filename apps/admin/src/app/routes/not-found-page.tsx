import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation('app');
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2">
        {t('notFound')}
      </Title>
      <Text c="dimmed">{t('notFoundBody')}</Text>
      <Button component={Link} to="/" variant="light">
        {t('backToDashboard')}
      </Button>
    </Stack>
  );
}

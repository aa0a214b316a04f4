import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LanguagePicker } from '@/components/language-picker';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div>
              <Text fw={700} c="indigo" size="sm">
                {t('appName')}
              </Text>
              <Title order={1} size="h2">
                {title}
              </Title>
            </div>
            <LanguagePicker />
          </Group>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

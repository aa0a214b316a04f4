import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A secret the server shows this once (a new API token, a webhook's signing secret): the value to
 * copy, a copy button, and "I have copied it" to put it away. Never shown again after that.
 */
export function SecretShownOnce({
  title,
  hint,
  secret,
  testId,
  onDone,
}: {
  title: string;
  /** What the secret is for and that it will not be shown again. */
  hint: string;
  secret: string;
  testId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="teal" mt="md" title={title} role="status">
      <Stack gap="xs">
        <Text size="sm">{hint}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid={testId}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? t('copied') : t('copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Button size="xs" variant="subtle" onClick={onDone} style={{ alignSelf: 'flex-start' }}>
          {t('haveCopied')}
        </Button>
      </Stack>
    </Alert>
  );
}

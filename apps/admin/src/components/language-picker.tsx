import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import {
  currentLanguage,
  isLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  rememberLanguage,
  setLanguage,
} from '@/i18n/i18n';

/** Switches the dashboard's language at once and remembers the choice in this browser. */
export function LanguagePicker({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('language')}
      size={size}
      w={140}
      allowDeselect={false}
      leftSection={<IconLanguage size={16} aria-hidden />}
      data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      value={currentLanguage()}
      onChange={(value) => {
        if (!isLanguage(value)) return;
        rememberLanguage(value);
        void setLanguage(value);
      }}
    />
  );
}

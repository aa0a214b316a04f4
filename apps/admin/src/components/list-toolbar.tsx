import { SegmentedControl, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A search box that asks the API once typing pauses, not on every key. */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const debounced = useDebouncedCallback((v: string) => onChange(v.trim()), 300);
  return (
    <TextInput
      aria-label={label ?? t('search')}
      placeholder={placeholder ?? label ?? t('search')}
      leftSection={<IconSearch size={16} aria-hidden />}
      defaultValue={value}
      onChange={(e) => debounced(e.currentTarget.value)}
      style={{ flex: '1 1 14rem' }}
    />
  );
}

export function StatusFilter({
  value,
  onChange,
  options,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <SegmentedControl aria-label={label ?? t('status')} value={value} onChange={onChange} data={options} />
  );
}

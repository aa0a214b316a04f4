import { Badge, Group, SegmentedControl, Stack, TagsInput, type TagsInputProps } from '@mantine/core';

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useTagOptions } from '@/lib/lookups';
import { useSession } from '@/lib/session';
import { useSettingsQuery } from '@/lib/settings';

/** Tag names ignoring case, as the server matches them. */
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Tags of an entry, timer or favourite: suggestions from the existing tags as you type (archived
 * ones are not offered), and a new name becomes a tag when saved, unless only admins may create
 * tags (then the description says so and the server refuses a new name).
 */
export function TagPicker({
  value,
  onChange,
  ...props
}: Omit<TagsInputProps, 'data' | 'value' | 'onChange'> & {
  value?: string[];
  onChange: (tags: string[]) => void;
}) {
  const { t } = useTranslation('tagPicker');
  const tags = useTagOptions();
  const { isAdmin } = useSession();
  const settings = useSettingsQuery();
  const restricted = settings.data?.tagCreation === 'admins' && !isAdmin;
  const names = (tags.data ?? []).filter((tag) => !tag.archived).map((tag) => tag.name);
  return (
    <TagsInput
      label={t('label')}
      placeholder={value?.length ? undefined : t('find')}
      description={restricted ? t('restricted') : t('hint')}
      data={names}
      value={value ?? []}
      // A name that differs only in case is the existing tag: use its spelling, once.
      onChange={(next) => {
        const out: string[] = [];
        for (const raw of next) {
          const name = names.find((n) => same(n, raw)) ?? raw.trim();
          if (name && !out.some((o) => same(o, name))) out.push(name);
        }
        onChange(out);
      }}
      splitChars={[',']}
      clearable
      limit={20}
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}

/** The colour of a tag by name (grey when it has none or is unknown). */
export function useTagColour(): (name: string) => string {
  const tags = useTagOptions();
  return (name) => tags.data?.find((t) => same(t.name, name))?.colour ?? 'gray';
}

/** Tags as small coloured badges. */
export function TagBadges({ tags }: { tags: string[] }) {
  const colour = useTagColour();
  if (tags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {tags.map((t) => (
        <Badge key={t} size="sm" variant="light" color={colour(t)} radius="sm" tt="none">
          {t}
        </Badge>
      ))}
    </Group>
  );
}

/**
 * A filter by several tags: entries with any of them, or with all of them. The tags picked are
 * kept here as well as sent up: the page keeps them in the address, which the router updates in
 * a transition, and a second tag picked before that has rendered (a slow phone, a fast hand)
 * would otherwise be added to the tags as they were before the first and drop it. What comes back
 * from the page replaces them only when it is not one of the lists sent from here (the address
 * changed otherwise: back, a link, filters cleared).
 */
export function TagFilter({
  tags,
  mode,
  onChange,
  style,
}: {
  tags: string[];
  mode: 'any' | 'all';
  onChange: (tags: string[], mode: 'any' | 'all') => void;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation('tagPicker');
  const options = useTagOptions();
  const [picked, setPicked] = useState(tags);
  const sent = useRef<string[]>([]);
  const key = tags.join(',');
  useEffect(() => {
    const i = sent.current.indexOf(key);
    if (i >= 0) sent.current = sent.current.slice(i + 1);
    else setPicked(key ? key.split(',') : []);
  }, [key]);
  const change = (next: string[], nextMode: 'any' | 'all') => {
    setPicked(next);
    sent.current.push(next.join(','));
    onChange(next, nextMode);
  };
  return (
    <Stack gap={4} style={style}>
      <TagsInput
        label={t('label')}
        placeholder={picked.length ? undefined : t('any')}
        data={(options.data ?? []).map((tag) => tag.name)}
        // 500 tags: the first matches of what is typed, not a list to scroll through.
        limit={20}
        value={picked}
        onChange={(next) => change(next, mode)}
        clearable
        comboboxProps={{ withinPortal: true }}
      />
      {picked.length > 1 && (
        <SegmentedControl
          size="xs"
          aria-label={t('match')}
          value={mode}
          onChange={(v) => change(picked, v === 'all' ? 'all' : 'any')}
          data={[
            { value: 'any', label: t('anyOf') },
            { value: 'all', label: t('allOf') },
          ]}
        />
      )}
    </Stack>
  );
}

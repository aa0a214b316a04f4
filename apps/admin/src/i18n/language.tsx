import { Fragment, type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { useSession } from '@/lib/session';

import { setLanguage, toLanguage } from './i18n';

/**
 * Follows the signed-in user's language preference, and re-renders the pages below it when the
 * language changes, so that dates and numbers (formatted outside React) change with the text.
 */
export function LanguageBoundary({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const { preferredLanguage } = useSession();
  useEffect(() => {
    const language = toLanguage(preferredLanguage);
    if (language) void setLanguage(language);
  }, [preferredLanguage]);
  return <Fragment key={i18n.language}>{children}</Fragment>;
}

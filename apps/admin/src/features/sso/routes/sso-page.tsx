import { useTranslation } from 'react-i18next';

import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';

import { useSsoConfig } from '../api/sso';
import { SsoForm } from '../components/sso-form';

/** Single sign-on settings (docs/sso.md): admins only, like the API behind them. */
export function SsoPage() {
  const { t } = useTranslation('ssoSettings');
  const config = useSsoConfig();
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <QueryState query={config} loadingLabel={t('loading')}>
        {(data) => <SsoForm config={data} />}
      </QueryState>
    </>
  );
}

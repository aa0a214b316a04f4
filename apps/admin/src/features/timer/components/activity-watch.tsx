import { Alert, Text } from '@mantine/core';
import { IconZzz } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatTime } from '@/lib/format';
import { useLocale, useSettingsQuery } from '@/lib/settings';

import { ACTIVE_TIMERS_KEY, sendHeartbeat, useActiveTimers } from '../api/timer';

/** At most one heartbeat per this many ms: the server only needs minute precision. */
export const HEARTBEAT_INTERVAL_MS = 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * While a timer runs, tells the server the person is active (input events, throttled) so the
 * worker's idle timeout does not stop it; and says so when the tab has been idle longer than
 * the idle timeout, since the server will have stopped (or will stop) the timer.
 */
export function ActivityWatch() {
  const { t } = useTranslation('timer', { keyPrefix: 'away' });
  const { timezone } = useLocale();
  const timers = useActiveTimers();
  const settings = useSettingsQuery();
  const queryClient = useQueryClient();
  const running = (timers.data?.length ?? 0) > 0;
  const idleMinutes = settings.data?.idleTimeoutMinutes ?? 0;
  const lastInput = useRef(Date.now());
  const lastBeat = useRef(0);
  const [idleSince, setIdleSince] = useState<number | null>(null);

  useEffect(() => {
    if (!running) {
      setIdleSince(null);
      return;
    }
    const beat = () => {
      lastBeat.current = Date.now();
      // A failed heartbeat is not worth interrupting anyone for; the next input tries again.
      sendHeartbeat().catch(() => undefined);
    };
    const onActivity = () => {
      const now = Date.now();
      lastInput.current = now;
      setIdleSince((since) => {
        if (since !== null) {
          // Back after a long pause: the worker may have stopped the timer meanwhile.
          void queryClient.invalidateQueries({ queryKey: ACTIVE_TIMERS_KEY });
          void queryClient.invalidateQueries({ queryKey: ['time-entries'] });
        }
        return null;
      });
      if (now - lastBeat.current >= HEARTBEAT_INTERVAL_MS) beat();
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true });
    const check = window.setInterval(() => {
      if (idleMinutes > 0 && Date.now() - lastInput.current >= idleMinutes * 60_000) {
        setIdleSince((since) => since ?? lastInput.current);
      }
    }, 10_000);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity);
      window.clearInterval(check);
    };
  }, [running, idleMinutes, queryClient]);

  if (idleSince === null) return null;
  return (
    <Alert color="yellow" icon={<IconZzz size={18} />} title={t('title')} mb="md" role="status">
      <Text size="sm">
        {t('body', {
          time: formatTime(new Date(idleSince).toISOString(), timezone),
          count: idleMinutes,
        })}
      </Text>
    </Alert>
  );
}

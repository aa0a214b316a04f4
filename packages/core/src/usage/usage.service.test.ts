import { describe, expect, it } from 'vitest';
import type { SettingsRepository } from '../settings/settings.repository';
import type { UsageIncrement, UsageRepository } from './usage.repository';
import { routeGroupOf, UsageService } from './usage.service';

function setup(initial: boolean) {
  const state = { enabled: initial, reads: 0, written: [] as UsageIncrement[][], fail: false };
  const settings = {
    allowsAnalytics: async () => {
      state.reads += 1;
      return state.enabled;
    },
  } as unknown as SettingsRepository;
  const usage = {
    addCounts: async (batch: UsageIncrement[]) => {
      if (state.fail) throw new Error('database down');
      state.written.push(batch.map((b) => ({ ...b })));
    },
  } as unknown as UsageRepository;
  return { state, service: new UsageService(usage, settings, 5_000) };
}

const at = (iso: string) => new Date(iso);

describe('routeGroupOf', () => {
  it('takes the first segment after /api/v1, and nothing for probes or other paths', () => {
    expect(routeGroupOf('/api/v1/time-entries/:id')).toBe('time-entries');
    expect(routeGroupOf('/api/v1/settings')).toBe('settings');
    expect(routeGroupOf('/api/v1/health/ready')).toBeUndefined();
    expect(routeGroupOf('/api/openapi.json')).toBeUndefined();
    expect(routeGroupOf('/')).toBeUndefined();
  });
});

describe('UsageService', () => {
  it('batches counts per UTC day and group, and writes them in one flush', async () => {
    const { state, service } = setup(true);
    await service.record('/api/v1/projects', at('2026-03-01T23:59:59Z'));
    await service.record('/api/v1/projects/:id', at('2026-03-01T23:59:59.5Z'));
    await service.record('/api/v1/projects', at('2026-03-02T00:00:01Z'));
    await service.record('/api/v1/tasks', at('2026-03-02T00:00:02Z'));
    expect(state.reads).toBe(1);
    expect(await service.flush()).toBe(3);
    expect(state.written).toEqual([
      [
        { day: '2026-03-01', routeGroup: 'projects', count: 2 },
        { day: '2026-03-02', routeGroup: 'projects', count: 1 },
        { day: '2026-03-02', routeGroup: 'tasks', count: 1 },
      ],
    ]);
    expect(await service.flush()).toBe(0);
  });

  it('counts at once, with no promise, while the setting is cached, across midnight too', async () => {
    const { state, service } = setup(true);
    await service.record('/api/v1/projects', at('2026-03-01T23:59:58Z'));
    expect(service.record('/api/v1/projects', at('2026-03-01T23:59:59.999Z'))).toBeUndefined();
    expect(service.record('/api/v1/projects/:id', at('2026-03-02T00:00:00Z'))).toBeUndefined();
    expect(service.record('/api/v1/tasks', at('2026-03-02T00:00:01Z'))).toBeUndefined();
    expect(service.record('/api/v1/health', at('2026-03-02T00:00:01Z'))).toBeUndefined();
    expect(state.reads).toBe(1);
    await service.flush();
    expect(state.written).toEqual([
      [
        { day: '2026-03-01', routeGroup: 'projects', count: 2 },
        { day: '2026-03-02', routeGroup: 'projects', count: 1 },
        { day: '2026-03-02', routeGroup: 'tasks', count: 1 },
      ],
    ]);
  });

  it('records nothing when off, re-reads the setting after the cache expires', async () => {
    const { state, service } = setup(false);
    await service.record('/api/v1/projects', at('2026-03-01T10:00:00Z'));
    state.enabled = true;
    await service.record('/api/v1/projects', at('2026-03-01T10:00:04Z'));
    expect(await service.flush()).toBe(0);
    await service.record('/api/v1/projects', at('2026-03-01T10:00:06Z'));
    expect(state.written).toEqual([]);
    expect(await service.flush()).toBe(1);
  });

  it('applies a change made on this replica at once, dropping unwritten counts when turned off', async () => {
    const { state, service } = setup(true);
    await service.record('/api/v1/projects', at('2026-03-01T10:00:00Z'));
    service.settingChanged(false, at('2026-03-01T10:00:01Z'));
    await service.record('/api/v1/projects', at('2026-03-01T10:00:02Z'));
    expect(await service.flush()).toBe(0);
    expect(state.written).toEqual([]);
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    const { state, service } = setup(true);
    await service.record('/api/v1/projects', at('2026-03-01T10:00:00Z'));
    state.fail = true;
    await expect(service.flush()).rejects.toThrow('database down');
    await service.record('/api/v1/projects', at('2026-03-01T10:00:01Z'));
    state.fail = false;
    await service.flush();
    expect(state.written).toEqual([[{ day: '2026-03-01', routeGroup: 'projects', count: 2 }]]);
  });
});

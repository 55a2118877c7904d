import type { PostbackInput } from '../../src/attribution/index.js';
import type { MeasurementPartner } from '../../src/scenario/index.js';

/** 2026-11-01T00:00:00Z: the scenario start the fixtures use. */
export const EPOCH = 1_793_491_200;

/** The exemplary cases of every partner: a click-through purchase on Android, a view-through re-engagement on iOS, a click-through install. */
export function postbackCases(partner: MeasurementPartner): { name: string; input: PostbackInput; receivedAt: number }[] {
  const base = { partner, currency: 'USD', clickId: 'bl-4711', impressionTime: 3_600 };
  return [
    {
      name: 'click-through purchase, android',
      input: { ...base, kind: 'purchase', eventId: '4711-purchase-0', os: 'android', ifa: '38400000-8cf0-11bd-b23e-10b96e40000d', attributed: 'click', clickTime: 3_608.4, eventTime: 7_321.9, revenue: 12.5 },
      receivedAt: 7_380.2,
    },
    {
      name: 'view-through re-engagement, ios',
      input: { ...base, kind: 'reengagement', eventId: '4712-reengagement-0', os: 'ios', ifa: '6D92078A-8246-4BA4-AE5B-76104861E7DC', attributed: 'view', clickTime: NaN, eventTime: 25_200, revenue: 0 },
      receivedAt: 25_261,
    },
    {
      name: 'click-through install, android',
      input: { ...base, kind: 'install', eventId: '4713-install-0', os: 'android', ifa: '38400000-8cf0-11bd-b23e-10b96e40000e', attributed: 'click', clickTime: 3_610, eventTime: 3_700, revenue: 0 },
      receivedAt: 3_760,
    },
  ];
}

import { WorldError } from './world-error.js';

/**
 * The ISO weekday index (0 Monday … 6 Sunday) of a proleptic Gregorian date 'YYYY-MM-DD', by
 * Howard Hinnant's days-from-civil: plain arithmetic, so the simulation core needs no Date.
 */
export function weekdayOfIsoDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new WorldError('WORLD_BAD_DATE', `expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`, 'traffic.startDate');
  let y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  // 1970-01-01 was a Thursday (index 3).
  return (((days + 3) % 7) + 7) % 7;
}

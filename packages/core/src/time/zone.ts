import { canonicalTimeZone } from '@timetracker/contracts';

// The conversions live in @timetracker/contracts, shared with the dashboard so that both turn a
// local time into the same instant (in a repeated hour the first occurrence, in a skipped hour
// the time moved forward by the gap). These are the names the services use.
export {
  zonedDate as localDate,
  zonedStartOfDay,
  zonedTimeToInstant as zonedWallTimeToInstant,
} from '@timetracker/contracts';

/** Whether settings would accept the zone: the one test is the contracts' canonicalTimeZone. */
export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== undefined;
}

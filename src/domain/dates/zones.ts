/**
 * Time zones whose offset from UTC has stayed the same since 2000: no daylight saving, no change of standard time.
 * Their wall-clock time is plain arithmetic, so a bot in Vietnam never loads ICU's date formatting (node's Intl keeps
 * about 8 MB of its data resident once one DateTimeFormat is made). Every other zone, and any instant before 2000, goes
 * through Intl. test/zones.spec.ts checks every zone here against Intl for every day from 2000 to 2035.
 */

/** Wall-clock parts of an instant; weekday 0 = Sunday. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

/** From this instant on, the offsets below hold. */
const FIXED_SINCE = Date.UTC(2000, 0, 1);

const ZONES: [minutes: number, names: string[]][] = [
  [0, ["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT"]],
  [0, ["GMT0", "Etc/GMT0", "GMT+0", "GMT-0", "Etc/GMT+0", "Etc/GMT-0", "Etc/Greenwich", "Greenwich"]],
  [330, ["Asia/Kolkata", "Asia/Calcutta"]],
  // Vietnam has kept UTC+7 since 1975, its neighbours longer.
  [420, ["Asia/Ho_Chi_Minh", "Asia/Saigon", "Asia/Bangkok", "Asia/Vientiane", "Asia/Phnom_Penh", "Asia/Jakarta"]],
  [480, ["Asia/Singapore", "Singapore", "Asia/Kuala_Lumpur", "Asia/Manila", "Asia/Shanghai", "PRC"]],
  [480, ["Asia/Hong_Kong", "Hongkong", "Asia/Taipei", "ROC"]],
  [540, ["Asia/Tokyo", "Japan", "Asia/Seoul", "ROK"]],
];

/** Every zone name of the table (besides "Etc/GMT-14" … "Etc/GMT+12", read from the name). */
export const FIXED_OFFSET_ZONES: readonly string[] = ZONES.flatMap(([, names]) => names);

/** Lower-case name → minutes ahead of UTC (Intl reads zone names without regard to case, so does this). */
const FIXED = new Map<string, number>(
  ZONES.flatMap(([minutes, names]) => names.map((n): [string, number] => [n.toLowerCase(), minutes])),
);

/** "Etc/GMT-7" is UTC+7: the POSIX sign is the other way round. Intl knows no "Etc/GMT-07". */
const ETC_GMT = /^etc\/gmt([+-])([1-9]\d?)$/;

/** Minutes a zone of fixed offset is ahead of UTC; undefined for zones with daylight saving or unknown to this table. */
export function fixedOffsetMinutes(timezone: string): number | undefined {
  const name = timezone.toLowerCase();
  const known = FIXED.get(name);
  if (known !== undefined) return known;
  const etc = ETC_GMT.exec(name);
  if (!etc) return undefined;
  const hours = Number(etc[2]);
  // Etc/GMT-14 … Etc/GMT+12 exist; anything else is not a zone.
  if (etc[1] === "-" ? hours > 14 : hours > 12) return undefined;
  return (etc[1] === "-" ? 60 : -60) * hours;
}

/** The wall-clock parts of an instant in a zone of fixed offset, or undefined when Intl must answer. */
export function fixedLocalParts(at: Date, timezone: string): LocalParts | undefined {
  const ms = at.getTime();
  if (!(ms >= FIXED_SINCE)) return undefined;
  const offset = fixedOffsetMinutes(timezone);
  if (offset === undefined) return undefined;
  const local = new Date(ms + offset * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

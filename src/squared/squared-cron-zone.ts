/**
 * The time zone after a cron's last field, as fugit 1.11 reads it through et-orbi 1.2.11–1.4
 * (`EtOrbi.get_tzone`): what Squared accepts, refuses (400) or crashes on (500).
 */

/** What Squared does with a cron: stores it, refuses it (400), or raises while parsing it (500). */
export type CronVerdict = 'valid' | 'invalid' | 'crash';

/** fugit's grammar: an offset with two-digit hours and quarter-hour minutes, or a name. */
const OFFSET = /^[-+]([01]\d|2[0-4]):?(00|15|30|45)$/;
const NAME = /^[A-Z][a-zA-Z0-9+-]+(?:\/[A-Z][a-zA-Z0-9+\-_]+){0,2}$/;

/** et-orbi's ZONE_ALIASES entries without a space (the others cannot follow a cron). */
const ALIASES = new Set(['UTC-11', 'UTC+12', 'UTC-02', 'CST5CDT']);

/**
 * et-orbi adds `UTC-0`…`UTC-12` and `UTC+0`…`UTC+12` to the zone names it looks names up in, but
 * TZInfo knows none of them: a lookup that lands on one raises (Squared answers 500).
 */
const UTC_PSEUDO_ZONES = new Set(
  Array.from({ length: 13 }, (_, hours) => [`UTC-${hours}`, `UTC+${hours}`]).flat(),
);

/** tzdb names Intl knows but does not list (no slash, and `Etc/…`), spelled as TZInfo wants them. */
const UNLISTED_ZONES = [
  ...'CET CST6CDT Cuba EET EST EST5EDT Egypt Eire GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST'.split(
    ' ',
  ),
  ...'Hongkong Iceland Iran Israel Jamaica Japan Kwajalein Libya MET MST MST7MDT NZ NZ-CHAT'.split(
    ' ',
  ),
  ...'Navajo PRC PST8PDT Poland Portugal ROC ROK Singapore Turkey UCT UTC Universal W-SU WET'.split(
    ' ',
  ),
  'Zulu',
  ...'GMT GMT0 Greenwich UCT UTC Universal Zulu'.split(' ').map((name) => `Etc/${name}`),
  ...Array.from({ length: 15 }, (_, hours) => `Etc/GMT-${hours}`),
  ...Array.from({ length: 13 }, (_, hours) => `Etc/GMT+${hours}`),
];

/** Every zone name whose exact spelling is known, by its lower-case form. */
const SPELLINGS = new Map(
  [...Intl.supportedValuesOf('timeZone'), ...UNLISTED_ZONES].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

function intlKnows(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether TZInfo has a zone spelled exactly `name`. Intl matches names in any case, TZInfo does not:
 * a known name in another spelling is refused. An alias Intl resolves but does not list (`US/Pacific`)
 * cannot be checked for case and is accepted (looser than Squared, never stricter).
 */
function isExactZone(name: string): boolean {
  const spelling = SPELLINGS.get(name.toLowerCase());
  return spelling !== undefined ? spelling === name : intlKnows(name);
}

/** `UTC±N` with N all zeros: et-orbi's `unzz` maps it to a zone abbreviated UTC at offset 0. */
function isZeroUtcOffset(name: string): boolean {
  const match = /^UTC[+-](\d{1,2})(\d{2})?$/.exec(name);
  return match !== null && Number(match[1]) === 0 && Number(match[2] ?? 0) === 0;
}

/**
 * Another abbreviation with an offset (`AEST+10`): `unzz` looks for a zone abbreviated so at that
 * offset, which Intl cannot tell; accepted, since a miss only falls back to the name lookup below.
 */
function isAbbreviationWithOffset(name: string): boolean {
  return /^[A-Z]{3,4}[+-]\d{1,2}(\d{2})?$/.test(name) && !name.startsWith('UTC');
}

/** et-orbi's `get_tzinfo_tzone`: the longest prefix of `name` that is a zone name wins. */
function prefixLookup(name: string): CronVerdict {
  for (let length = name.length; length > 0; length -= 1) {
    const prefix = name.slice(0, length);
    if (UTC_PSEUDO_ZONES.has(prefix)) {
      return 'crash';
    }
    if (isExactZone(prefix)) {
      return 'valid';
    }
  }
  return 'invalid';
}

/** et-orbi's `get_offset_tzone`: offsets beyond ±11 hours give no zone, so fugit refuses the cron. */
function offsetVerdict(match: RegExpExecArray): CronVerdict {
  return Number(match[1]) <= 11 ? 'valid' : 'invalid';
}

/** What Squared does with a cron whose fields are valid and whose zone is `zone`. */
export function timeZoneVerdict(zone: string): CronVerdict {
  const offset = OFFSET.exec(zone);
  if (offset) {
    return offsetVerdict(offset);
  }
  if (!NAME.test(zone)) {
    return 'invalid';
  }
  if (ALIASES.has(zone) || isZeroUtcOffset(zone) || isAbbreviationWithOffset(zone)) {
    return 'valid';
  }
  return prefixLookup(zone);
}

import { type CronVerdict, timeZoneVerdict } from './squared-cron-zone';

/**
 * Cron syntax check mirroring fugit 1.11 (`Fugit::Cron.parse`), the parser Squared validates
 * `cron_expression` with (squared-api.md section 7), and its time zone lookup in et-orbi
 * (`squared-cron-zone.ts`). It may be slightly looser than fugit, never stricter, except where fugit
 * itself would raise (a 500 upstream) or build a schedule that never works: those are rejected. The
 * simulator uses the same verdict to answer 400 or 500 as Squared would.
 */

const SPECIALS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@noon',
  '@hourly',
]);

const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** Longest month per month number, February counted as 29 (fugit's MAXDAYS). */
const MAX_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface RangeField {
  min: number;
  max: number;
  atom: string;
  toNumber: (token: string) => number;
}

const plainNumber = (token: string): number => Number(token);

const SECOND_OR_MINUTE: RangeField = { min: 0, max: 59, atom: '[0-5]?\\d', toNumber: plainNumber };
const HOUR: RangeField = { min: 0, max: 23, atom: '2[0-4]|[01]?\\d', toNumber: plainNumber };
const DAY_OF_MONTH: RangeField = {
  min: 1,
  max: 31,
  atom: '-?(?:3[01]|[12]\\d|0?[1-9])|last|l',
  toNumber: (token) => (token.toLowerCase().startsWith('l') ? -1 : Number(token)),
};
const MONTH: RangeField = {
  min: 1,
  max: 12,
  atom: `1[0-2]|0?[1-9]|${MONTH_NAMES.join('|')}`,
  toNumber: (token) => MONTH_NAMES.indexOf(token.toLowerCase()) + 1 || Number(token),
};
const DAY_OF_WEEK_ATOM = `[0-7]|${DAY_NAMES.join('|')}`;

interface CronElement {
  start?: number;
  end?: number;
  step?: number;
}

/** fugit raises while expanding the field (Squared answers 500). */
const RAISES = 'raises' as const;

/** `undefined`: every value (fugit's `nil`); `null`: fugit's grammar rejects it. */
type Expansion = number[] | undefined | null | typeof RAISES;

function elementPattern(atom: string): RegExp {
  return new RegExp(`^(?:/(\\d\\d?)|(?:\\*|(${atom})(?:-(${atom}))?)(?:/(\\d\\d?))?)$`, 'i');
}

function parseElement(field: RangeField, token: string): CronElement | undefined {
  const match = elementPattern(field.atom).exec(token);
  if (!match) {
    return undefined;
  }
  const [, bareStep, start, end, step] = match;
  const stepText = bareStep ?? step;
  return {
    start: start === undefined ? undefined : field.toNumber(start),
    end: end === undefined ? undefined : field.toNumber(end),
    step: stepText === undefined ? undefined : Number(stepText),
  };
}

/** Port of fugit's `Cron#expand` and `Cron#range`, including the cases where they raise. */
function expandElement(field: RangeField, element: CronElement): Expansion {
  const { start, step } = element;
  let end = step !== undefined && element.end === undefined ? field.max : element.end;
  if (start === undefined && end === undefined && step === undefined) {
    return undefined;
  }
  if (start !== undefined && end === undefined) {
    return [start];
  }
  const from = start ?? field.min;
  const every = step ?? 1;
  if (end === undefined || (end < 0 && from > 0)) {
    end = field.max;
  }
  if (from === field.min && end === field.max && every === 1) {
    return undefined;
  }
  // fugit raises on mixed signs (`L-3`) and divides by the step (`*/0`): both are a 500 upstream.
  if ((from < 0 && end > 0) || every === 0) {
    return RAISES;
  }
  return walkRange(field, from, end, every);
}

function walkRange(field: RangeField, from: number, to: number, step: number): Expansion {
  const [low, high] = from < 0 ? [-field.max, -1] : [field.min, field.max];
  const values: number[] = [];
  let end = to;
  for (let current = from; ; ) {
    values.push(current);
    if (current === end) {
      return values.filter((_, index) => index % step === 0);
    }
    current += 1;
    if (current > high) {
      current = low;
      end = end > high ? end - high - 1 : end;
    }
    if (values.length > 2 * field.max) {
      return RAISES;
    }
  }
}

/** Expands one field; `null` when any element is invalid. Strips fugit's tolerated extra commas. */
function expandField(field: RangeField, token: string): Expansion {
  const elements = token.replace(/^,+|,+$/g, '').split(/,+/);
  const expansions = elements.map((element) => {
    const parsed = parseElement(field, element);
    return parsed ? expandElement(field, parsed) : null;
  });
  for (const failure of [null, RAISES] as const) {
    if (expansions.includes(failure)) {
      return failure;
    }
  }
  const values = expansions as (number[] | undefined)[];
  return values.includes(undefined) ? undefined : values.flatMap((expansion) => expansion ?? []);
}

const DAY_OF_WEEK_HASH_OR_MOD = new RegExp(
  `^(?:${DAY_OF_WEEK_ATOM})(?:#(?:-?[1-5]|last|l)|%(\\d+)(?:\\+\\d+)?)$`,
  'i',
);

function isValidDayOfWeekElement(element: string): boolean {
  const hashOrMod = DAY_OF_WEEK_HASH_OR_MOD.exec(element);
  if (hashOrMod) {
    // `%0` parses in fugit but divides by zero whenever the schedule is evaluated.
    return hashOrMod[1] === undefined || Number(hashOrMod[1]) > 0;
  }
  return elementPattern(DAY_OF_WEEK_ATOM).test(element);
}

function isValidDayOfWeek(token: string): boolean {
  const elements = token.replace(/^,+|,+$/g, '').split(/,+/);
  return elements.every(isValidDayOfWeekElement);
}

/** fugit rejects a month/day pair that never occurs, such as `30 2` (February 30th). */
function hasPossibleDay(days: number[] | undefined, months: number[] | undefined): boolean {
  if (days === undefined || months === undefined) {
    return true;
  }
  return months.some((month) => days.some((day) => day <= MAX_DAYS[month]));
}

/** A verdict on the fields alone; `unparsable`: fugit's grammar rejects them (before the zone). */
type FieldsVerdict = CronVerdict | 'unparsable';

/** Five or six fields: the grammar is checked first (400), then the expansion (500 when it raises). */
function cronFieldsVerdict(fields: string[]): FieldsVerdict {
  const withSeconds = fields.length === 6 ? fields : ['0', ...fields];
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = withSeconds;
  const days = expandField(DAY_OF_MONTH, dayOfMonth.replace(/&$/, ''));
  const months = expandField(MONTH, month);
  const expansions = [
    expandField(SECOND_OR_MINUTE, second),
    expandField(SECOND_OR_MINUTE, minute),
    expandField(HOUR, hour),
    days,
    months,
  ];
  if (expansions.includes(null) || !isValidDayOfWeek(dayOfWeek.replace(/&$/, ''))) {
    return 'unparsable';
  }
  if (expansions.includes(RAISES)) {
    return 'crash';
  }
  return hasPossibleDay(days as number[] | undefined, months as number[] | undefined)
    ? 'valid'
    : 'invalid';
}

/** Splits a cron into fields and the whitespace between them. */
function tokenize(expression: string): { tokens: string[]; separators: string[] } {
  const parts = expression.trim().split(/([ \t]+)/);
  return {
    tokens: parts.filter((_, index) => index % 2 === 0),
    separators: parts.filter((_, index) => index % 2 === 1),
  };
}

/** Fields followed by a zone; fugit wants spaces before the zone (a tab there is not a separator). */
function zonedVerdict(fields: string[], zone: string, separator: string): CronVerdict {
  const fieldsVerdict = cronFieldsVerdict(fields);
  if (fieldsVerdict === 'unparsable' || separator.includes('\t')) {
    return 'invalid';
  }
  const zoneVerdict = timeZoneVerdict(zone);
  // The zone is looked up while the cron is parsed, before any field is expanded.
  return zoneVerdict === 'valid' ? fieldsVerdict : zoneVerdict;
}

const parsed = (verdict: FieldsVerdict): CronVerdict =>
  verdict === 'unparsable' ? 'invalid' : verdict;

/**
 * What Squared (fugit 1.11) does with `expression` as a cron: accepts it (a special such as
 * `@daily`, or 5 or 6 fields separated by spaces or tabs, optionally followed by a time zone name or
 * offset), refuses it (400), or raises while parsing it (500).
 */
export function squaredCronVerdict(expression: string): CronVerdict {
  if (SPECIALS.has(expression)) {
    return 'valid';
  }
  const { tokens, separators } = tokenize(expression);
  if (tokens.length === 5) {
    return parsed(cronFieldsVerdict(tokens));
  }
  if (tokens.length === 6) {
    // Read as six fields first (fugit's `second_cron`), as five and a zone only if that does not parse.
    const sixFields = cronFieldsVerdict(tokens);
    if (sixFields !== 'unparsable') {
      return parsed(sixFields);
    }
  } else if (tokens.length !== 7) {
    return 'invalid';
  }
  const last = tokens.length - 1;
  return zonedVerdict(tokens.slice(0, last), tokens[last], separators[last - 1]);
}

/** Whether Squared accepts `expression` as a cron (see `squaredCronVerdict`). */
export function isValidSquaredCron(expression: string): boolean {
  return squaredCronVerdict(expression) === 'valid';
}

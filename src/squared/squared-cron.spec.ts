import { isValidSquaredCron, squaredCronVerdict } from './squared-cron';

describe('isValidSquaredCron', () => {
  it.each([
    '0 0 */2 * *',
    '*/15 9-17 * jan-mar mon-fri',
    '*/15 9-17 * JAN-Mar MON-Fri',
    '0 24 * * *',
    '0 0-24 * * *',
    '0 0 -1 * *',
    '0 0 -3--1 * *',
    '0 0 L * *',
    '0 0 last * *',
    '0 0 25-L * *',
    '0 0 * * mon#2',
    '0 0 * * fri#-1',
    '0 0 * * fri#L',
    '0 0 * * tue%2',
    '0 0 * * tue%2+1',
    '0 0 * * 0,7',
    '0 0 * * 5-1',
    '0 0 1,15& * mon',
    '0 0 1 * mon&',
    '0 0 * * * Europe/Berlin',
    '0 0 * * * UTC',
    '0 0 * * * America/Argentina/Buenos_Aires',
    '0 0 * * * Etc/GMT-11',
    '0 0 * * * +09:00',
    '0 0 * * * -0530',
    '30 0 0 * * *',
    '*/10 * * * * * UTC',
    '/15 * * * *',
    '15/30 * * * *',
    '0 */24 * * *',
    '0,,30 * * * *',
    ',0,30, * * * *',
    '0 0 29 2 *',
    '0 0 31 1,2 *',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@noon',
    '@hourly',
    '0\t0\t*\t*\t*',
    '  0 0 * * *  ',
  ])('accepts %j', (expression) => {
    expect(isValidSquaredCron(expression)).toBe(true);
  });

  it('accepts a positive start with a negative end, which fugit reads as "to the month end"', () => {
    expect(isValidSquaredCron('0 0 1--1 * *')).toBe(true);
    expect(isValidSquaredCron('0 0 25-last * *')).toBe(true);
  });

  it.each([
    '',
    '   ',
    '0 *',
    '0 invalid',
    '* * *',
    '@reboot',
    '@DAILY',
    '@daily UTC',
    '0 0 ? * *',
    '0 0 15W * *',
    '0 0 * * 5L',
    '0 0 * * L',
    '0 0 1 1 * 2025 UTC',
    '0 0 0 1 * * 2025',
    '60 * * * *',
    '0 60 * * * *',
    '0 25 * * *',
    '0 0 0 * *',
    '0 0 32 * *',
    '0 0 * 0 *',
    '0 0 * 13 *',
    '0 0 * * 8',
    '0 0 * * sunday',
    '0 0 * * mon#0',
    '0 0 * * mon#6',
    '0 0 * * mon-fri#2',
    '0 0 * * tue%0',
    '0 0 * * * +09:10',
    '0 0 * * * +25:00',
    '0 0 * * * Mars/Olympus',
    '0 0 * * * europe/berlin',
    '0 0 L-3 * *',
    '0 0 -5-3 * *',
    '0 0 L/2 * *',
    '*/0 * * * *',
    '*/100 * * * *',
    '0 0 30 2 *',
    '0 0 31 4,6 *',
    '0 0 1& * * &',
    '0 0\n* * *',
  ])('rejects %j', (expression) => {
    expect(isValidSquaredCron(expression)).toBe(false);
  });

  it.each([
    '0 0 * * * UTC-11',
    '0 0 * * * UTC+12',
    '0 0 * * * UTC-02',
    '0 0 * * * UTC+0',
    '0 0 * * * UTC-00',
    '0 0 * * * UTC+0000',
    '0 0 * * * UTC',
    '0 0 * * * Etc/UTC',
    '0 0 * * * +11:45',
    '0 0 * * * -1100',
    '0 0 * * * CST5CDT',
    '0 0 * * * Europe/Berlin2',
    '0 0 * * *  UTC',
  ])('accepts the zone in %j, as et-orbi finds it', (expression) => {
    expect(squaredCronVerdict(expression)).toBe('valid');
  });

  it.each([
    '0 0 * * * UTC+5',
    '0 0 * * * UTC-5',
    '0 0 * * * UTC+10',
    '0 0 * * * UTC-12',
    '0 0 * * * UTC+13',
    '0 0 * * * UTC+05',
    '0 0 * * * UTC+0030',
    '0 0 * * * UTC-11x',
    '0 0 * * * UTC+12x',
  ])('knows that Squared crashes (500) on the UTC±N zone in %j', (expression) => {
    expect(squaredCronVerdict(expression)).toBe('crash');
  });

  it.each([
    '0 0 * * * +12:00',
    '0 0 * * * -12:00',
    '0 0 * * * +1200',
    '0 0 * * * +24:00',
    '0 0 * * * EUROPE/BERLIN',
    '0 0 * * * Europe/BERLIN',
    '0 0 * * * Utc',
    '0 0 * * * ETC/UTC',
    '0 0 * * * Etc/Gmt-11',
    '0 0 * * *\tUTC',
    '0 0 * * * \tUTC',
    '0 0 * * *\t+09:00',
    '0 0 * * * * \tEurope/Berlin',
  ])('refuses %j, as Squared does (400)', (expression) => {
    expect(squaredCronVerdict(expression)).toBe('invalid');
  });

  it('still accepts tabs between the fields themselves', () => {
    expect(squaredCronVerdict('0\t0\t*\t*\t* UTC')).toBe('valid');
  });

  it('knows that fugit raises (500) on mixed day-of-month signs and a zero step', () => {
    expect(squaredCronVerdict('0 0 L-3 * *')).toBe('crash');
    expect(squaredCronVerdict('*/0 * * * *')).toBe('crash');
    expect(squaredCronVerdict('* * 25-L * *')).toBe('valid');
  });

  it('checks the grammar before the zone and the zone before the fields expand', () => {
    expect(squaredCronVerdict('0 0 L-3 * * UTC+5')).toBe('crash');
    expect(squaredCronVerdict('0 0 L-3 * * Mars/Olympus')).toBe('invalid');
    expect(squaredCronVerdict('0 0 ? * * UTC+5')).toBe('invalid');
    // February 30th parses; fugit refuses it only after the zone lookup has raised.
    expect(squaredCronVerdict('0 0 30 2 * UTC+5')).toBe('crash');
    expect(squaredCronVerdict('0 0 30 2 * UTC')).toBe('invalid');
  });
});

// Jest reporter: one line at the end of a run naming every skipped group and why (see requirements.ts).
// Plain JavaScript because Jest loads reporters without the TypeScript transform.
const SKIP_MARK = '[skipped: ';

class SkipSummaryReporter {
  onRunComplete(_contexts, results) {
    const groups = new Map();
    let unexplained = 0;
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'skipped' && test.status !== 'todo') {
          continue;
        }
        const title = test.ancestorTitles.find((t) => t.includes(SKIP_MARK));
        if (title === undefined) {
          unexplained += 1;
          continue;
        }
        groups.set(title, (groups.get(title) ?? 0) + 1);
      }
    }
    const total = [...groups.values()].reduce((sum, n) => sum + n, 0) + unexplained;
    if (total === 0) {
      process.stdout.write('\nSkipped: nothing.\n');
      return;
    }
    const listed = [...groups].map(([title, n]) => `${title} (${n})`);
    if (unexplained > 0) {
      listed.push(`${unexplained} without a reason (it.skip, describe.skip, or left out by -t)`);
    }
    process.stdout.write(`\nSkipped ${total} tests: ${listed.join('; ')}.\n`);
  }
}

module.exports = SkipSummaryReporter;

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * What a group of e2e tests needs beyond Node, and how to say that it is missing. A group whose need
 * is not met is skipped with the reason in its title, which the skip-summary reporter gathers into
 * one line at the end of the run; under `CI=true` it fails instead, so CI never passes by skipping.
 */
export interface Requirement {
  met: boolean;
  missing: string;
}

export const always: Requirement = { met: true, missing: '' };

export const redis: Requirement = {
  met: Boolean(process.env.REDIS_URL),
  missing: 'REDIS_URL is not set',
};

export const postgres: Requirement = {
  met: Boolean(process.env.DATABASE_URL),
  missing: 'DATABASE_URL is not set',
};

// Asked only by the file that needs it: every e2e file imports this module, and the check spawns.
export const kubectl: Requirement = {
  get met() {
    return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  },
  missing: 'kubectl is not on PATH',
};

/** Debian's Chromium, which the browser tests drive through playwright-core (`.ci/run` installs it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromium: Requirement = {
  met: existsSync(CHROMIUM_PATH),
  missing: `${CHROMIUM_PATH} is missing (apt-get install -y chromium)`,
};

/** The marker the skip-summary reporter looks for in a skipped group's title. */
export const SKIP_MARK = '[skipped: ';

export function describeIf(requirement: Requirement, name: string, body: () => void): void {
  if (requirement.met) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs what CI provides (${requirement.missing})`, () => {
        throw new Error(`${requirement.missing}: CI=true runs every test, so this one cannot skip`);
      });
    });
  } else {
    describe.skip(`${name} ${SKIP_MARK}${requirement.missing}]`, body);
  }
}

import { basename } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { AnswerValidator } from './openapi-answers';
import type { SentResponse } from './gateway-harness';

/** The answers of one harness gateway, checked as they accumulate. */
export interface AnswerCheck {
  /** Checks the answers not checked yet; throws naming each mismatch. */
  finish(): void;
}

interface LiveCheck extends AnswerCheck {
  pending(): string[];
}

// Module state is per test file: Jest gives every file its own module registry.
const live = new Set<LiveCheck>();
const validators = new Map<string, AnswerValidator>();
let validated = 0;
let gateways = 0;

/**
 * Reads the document `url` serves and checks every answer in `responses` against it: after each test
 * (so a mismatch fails the test that produced it), and at the gateway's close for the rest.
 */
export async function checkAnswersAgainst(
  url: string,
  responses: SentResponse[],
): Promise<AnswerCheck> {
  const validator = await validatorFor(url);
  gateways += 1;
  let checked = 0;
  const check: LiveCheck = {
    pending: () => {
      const problems: string[] = [];
      for (; checked < responses.length; checked += 1) {
        const answer = responses[checked];
        const found = validator.check({ ...answer, headers: answer.headerValues });
        validated += 1;
        problems.push(...found.map((p) => `${p} [in "${answer.test ?? 'a hook'}"]`));
      }
      return problems;
    },
    finish: () => {
      live.delete(check);
      throwIfAny(check.pending());
    },
  };
  live.add(check);
  return check;
}

async function validatorFor(url: string): Promise<AnswerValidator> {
  const response = await fetch(`${url}/docs-json`);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`GET /docs-json answered ${response.status}`);
  }
  let validator = validators.get(text);
  if (!validator) {
    validator = new AnswerValidator(JSON.parse(text) as OpenAPIV3.Document);
    validators.set(text, validator);
  }
  return validator;
}

function throwIfAny(problems: string[]): void {
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('\n  ');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new Error(`Answers that do not match the OpenAPI document:\n  ${shown}${more}`);
  }
}

// Registered on the root of every test file that loads the harness.
if (typeof afterEach === 'function') {
  afterEach(() => throwIfAny([...live].flatMap((check) => check.pending())));
  afterAll(() => {
    const problems = [...live].flatMap((check) => check.pending());
    const file = basename(expect.getState().testPath ?? 'unknown file');
    if (gateways > 0) {
      process.stdout.write(
        `OpenAPI: ${validated} answers validated against /docs-json (${file})\n`,
      );
    }
    throwIfAny(problems);
  });
}

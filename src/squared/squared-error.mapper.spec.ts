import { mapSquaredFailure, mapTransportFailure } from './squared-error.mapper';
import { SquaredTransportError } from './squared-transport.error';

const answer = (status: number, body?: unknown, retryAfter?: string) => ({
  status,
  body,
  retryAfter,
});

describe('mapSquaredFailure', () => {
  it.each([
    ['404', answer(404, { error: "Couldn't find Sync with 'id'=9 [WHERE x]" }), 'sync_not_found'],
    [
      '401 (after any retry)',
      answer(401, { errors: [{ status: 401, detail: 'Unauthorized' }] }),
      'upstream_error',
    ],
    [
      '403',
      answer(403, { errors: [{ status: 403, detail: 'You are not authorized' }] }),
      'upstream_error',
    ],
    [
      '400 workspace not found',
      answer(400, {
        errors: [
          {
            status: 400,
            title: 'Bad Request',
            detail: 'There was a problem with the request format: Workspace not found',
          },
        ],
      }),
      'upstream_error',
    ],
    [
      '400 other bad request',
      answer(400, {
        errors: [{ status: 400, title: 'Bad Request', detail: 'There was a problem: PG::Error' }],
      }),
      'upstream_error',
    ],
    ['400 framework body', answer(400, { status: 400, error: 'Bad Request' }), 'upstream_error'],
    [
      '422 empty sync',
      answer(422, { error: 'param is missing or the value is empty: sync' }),
      'internal_error',
    ],
    ['500', answer(500, { status: 500, error: 'Internal Server Error' }), 'upstream_error'],
    ['502 HTML', answer(502, undefined), 'upstream_error'],
    ['429', answer(429, { error: 'Too many requests' }, '12'), 'upstream_rate_limited'],
  ])('maps %s', (_name, upstream, code) => {
    const error = mapSquaredFailure(upstream, 9);
    expect(error.code).toBe(code);
    expect(error.options.upstreamStatus).toBe(upstream.status);
  });

  it('passes on the fields of a 400 validation object', () => {
    const error = mapSquaredFailure(
      answer(400, {
        errors: {
          sync: {
            sync_interval: ['must be greater than 0'],
            cron_expression: ['invalid cron expression format'],
          },
        },
      }),
      9,
    );
    expect(error.code).toBe('upstream_rejected');
    expect(error.options.errors).toEqual([
      { field: 'sync.sync_interval', message: 'must be greater than 0' },
      { field: 'sync.cron_expression', message: 'invalid cron expression format' },
    ]);
  });

  it('names the field of an invalid enum value', () => {
    const body = {
      errors: [
        {
          status: 400,
          title: 'Bad Request',
          detail:
            "There was a problem with the request format: 'INTERVAL' is not a valid schedule_type",
        },
      ],
    };
    const error = mapSquaredFailure(answer(400, body), 9);
    expect(error.code).toBe('upstream_rejected');
    expect(error.options.errors).toEqual([
      { field: 'sync.schedule_type', message: 'is not a valid value' },
    ]);
  });

  it('passes on the fields of a record-level 422', () => {
    const body = {
      errors: [
        {
          status: 422,
          title: 'Error',
          detail: 'Sync update failed',
          source: { stream_name: 'Add a valid stream_name associated with destination connector' },
        },
      ],
    };
    const error = mapSquaredFailure(answer(422, body), 9);
    expect(error.code).toBe('upstream_rejected');
    expect(error.options.errors).toEqual([
      {
        field: 'sync.stream_name',
        message: 'Add a valid stream_name associated with destination connector',
      },
    ]);
  });

  it('never shows the database fragment of a 404', () => {
    const error = mapSquaredFailure(
      answer(404, { error: "Couldn't find Sync with 'id'=9 [WHERE secret]" }),
      9,
    );
    expect(error.detail).not.toContain('WHERE');
  });

  it.each([
    ['12', '12'],
    [undefined, '60'],
    ['soon', '60'],
  ])('answers upstream Retry-After %s as %s', (header, expected) => {
    expect(mapSquaredFailure(answer(429, undefined, header), 9).options.headers).toEqual({
      'Retry-After': expected,
    });
  });
});

describe('mapTransportFailure', () => {
  it('maps a timeout to upstream_timeout and a reset to upstream_error', () => {
    expect(mapTransportFailure(new SquaredTransportError('timeout', 'timeout')).code).toBe(
      'upstream_timeout',
    );
    expect(mapTransportFailure(new SquaredTransportError('network', 'ECONNRESET')).code).toBe(
      'upstream_error',
    );
  });
});

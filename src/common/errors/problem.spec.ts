import { BadRequestException, NotFoundException } from '@nestjs/common';
import { GatewayError } from './gateway.error';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('writes a gateway error in the contract format', () => {
    const error = new GatewayError('validation_failed', 'bad body', {
      errors: [{ field: 'sync.sync_mode', message: 'must be one of full_refresh, incremental' }],
      headers: { 'X-Extra': '1' },
    });
    expect(toProblem(error, 'req-1')).toEqual({
      status: 422,
      headers: { 'X-Extra': '1' },
      unexpected: false,
      body: {
        type: 'https://squared-gateway.dev/problems/validation-failed',
        title: 'Validation failed',
        status: 422,
        detail: 'bad body',
        code: 'validation_failed',
        requestId: 'req-1',
        errors: [{ field: 'sync.sync_mode', message: 'must be one of full_refresh, incremental' }],
      },
    });
  });

  it('maps framework errors by status without passing their message on', () => {
    const problem = toProblem(
      new BadRequestException('Unexpected token } in JSON at position 3'),
      'r',
    );
    expect(problem.body.code).toBe('bad_request');
    expect(problem.body.detail).not.toContain('Unexpected token');
    expect(toProblem(new NotFoundException(), 'r').body.code).toBe('not_found');
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toProblem(tooLarge, 'r').body.code).toBe('payload_too_large');
  });

  it('hides unexpected errors behind a generic 500', () => {
    const problem = toProblem(new TypeError('secret internals at /srv/app.js:1'), 'r');
    expect(problem.unexpected).toBe(true);
    expect(problem.status).toBe(500);
    expect(problem.body.code).toBe('internal_error');
    expect(JSON.stringify(problem.body)).not.toContain('secret internals');
  });
});

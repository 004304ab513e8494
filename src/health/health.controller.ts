import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';

/** Liveness: the process serves HTTP. Readiness checks come with the stores they depend on. */
@Controller('health')
export class HealthController {
  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

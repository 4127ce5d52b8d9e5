import {
  type LegacySubmitResponse,
  type SubmitLeadResponse,
} from '@landing/shared/contracts-lead';
import { IntakeThrottlerGuard } from '@landing/api/feature-rate-limit';
import { requestPhone } from '@landing/api/util-http';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { LegacySubmitDto, SubmitLeadDto } from './submit-lead.dto';
import {
  type IntakeContext,
  type IntakeResult,
  LeadIntakeService,
} from './lead-intake.service';

function intakeContext(request: FastifyRequest, region: string): IntakeContext {
  const userAgent = request.headers['user-agent'];
  return {
    phone: requestPhone(request, region),
    requestId: request.id,
    receivedAt: new Date(),
    clientIp: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    path: request.url.split('?', 1)[0],
  };
}

// Spam gets the accepted answer on purpose: a bot must not learn that it was caught.
function toResponse(result: IntakeResult): SubmitLeadResponse {
  return result.outcome === 'duplicate'
    ? { status: 'duplicate' }
    : { status: 'accepted', submissionId: result.submissionId };
}

function toLegacyResponse(result: IntakeResult): LegacySubmitResponse {
  return result.outcome === 'duplicate'
    ? { ok: true, duplicate: true }
    : { ok: true, queued: true, duplicate: false };
}

@Controller()
@UseGuards(IntakeThrottlerGuard)
export class LeadIntakeController {
  private readonly region: string;

  constructor(
    private readonly intake: LeadIntakeService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.region = config.PHONE_DEFAULT_REGION;
  }

  /** 202 for a new submission, 200 for a number already received inside the window. */
  @Post('leads')
  async submit(
    @Body() body: SubmitLeadDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubmitLeadResponse> {
    const result = await this.intake.submit(
      body,
      intakeContext(request, this.region),
    );
    void reply.status(result.outcome === 'duplicate' ? 200 : 202);
    return toResponse(result);
  }

  /** The reference system's protocol: always 200 on success, the outcome in the body. */
  @Post('submit')
  @HttpCode(200)
  async submitLegacy(
    @Body() body: LegacySubmitDto,
    @Req() request: FastifyRequest,
  ): Promise<LegacySubmitResponse> {
    return toLegacyResponse(
      await this.intake.submit(body, intakeContext(request, this.region)),
    );
  }
}

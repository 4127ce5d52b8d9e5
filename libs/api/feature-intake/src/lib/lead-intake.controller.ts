import {
  type LegacySubmitResponse,
  type SubmitLeadResponse,
} from '@landing/shared/contracts-lead';
import { IntakeThrottlerGuard } from '@landing/api/feature-rate-limit';
import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { LegacySubmitDto, SubmitLeadDto } from './submit-lead.dto';
import { type IntakeContext, type IntakeResult, LeadIntakeService } from './lead-intake.service';

function intakeContext(request: FastifyRequest): IntakeContext {
  const userAgent = request.headers['user-agent'];
  return {
    requestId: request.id,
    receivedAt: new Date(),
    clientIp: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    path: request.url.split('?', 1)[0],
  };
}

// Spam gets the accepted answer on purpose: a bot must not learn that it was caught.
function toResponse(result: IntakeResult): SubmitLeadResponse {
  return result.outcome === 'duplicate' ? { status: 'duplicate' } : { status: 'accepted', submissionId: result.submissionId };
}

function toLegacyResponse(result: IntakeResult): LegacySubmitResponse {
  return result.outcome === 'duplicate' ? { ok: true, duplicate: true } : { ok: true, queued: true, duplicate: false };
}

@Controller()
@UseGuards(IntakeThrottlerGuard)
export class LeadIntakeController {
  constructor(private readonly intake: LeadIntakeService) {}

  /** 202 for a new submission, 200 for a number already received inside the window. */
  @Post('leads')
  async submit(
    @Body() body: SubmitLeadDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubmitLeadResponse> {
    const result = await this.intake.submit(body, intakeContext(request));
    void reply.status(result.outcome === 'duplicate' ? 200 : 202);
    return toResponse(result);
  }

  /** The reference system's protocol: always 200 on success, the outcome in the body. */
  @Post('submit')
  @HttpCode(200)
  async submitLegacy(@Body() body: LegacySubmitDto, @Req() request: FastifyRequest): Promise<LegacySubmitResponse> {
    return toLegacyResponse(await this.intake.submit(body, intakeContext(request)));
  }
}

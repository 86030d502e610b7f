import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../errors.ts';

/**
 * Limits on what the help centre lets anyone write without signing in: votes and comments,
 * suggestions and the deflection events that follow them, and counted views. Counted per signed-in
 * person, else per client address (request.ip, which follows X-Forwarded-For behind a proxy), per
 * route and minute, in this node's memory: abuse protection, not accounting, so several nodes may
 * each admit the limit.
 */
export interface KbPublicLimits {
  votes: RateLimitOptions | false;
  suggestions: RateLimitOptions | false;
  sessionEvents: RateLimitOptions | false;
  /** Past it an article is still served, but the view is not counted. */
  countsView: (request: FastifyRequest) => Promise<boolean>;
}

const MINUTE = 60_000;
/** A customer typing a request asks for suggestions on every pause, so that route gets more. */
const SUGGESTIONS_FACTOR = 4;

const callerKey = (request: FastifyRequest) =>
  request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`;

/** Registers the limiter on the knowledge routes' scope; perMinute 0 turns the limits off. */
export async function registerKbPublicLimits(
  app: FastifyInstance,
  perMinute: number,
): Promise<KbPublicLimits> {
  if (perMinute === 0) {
    return { votes: false, suggestions: false, sessionEvents: false, countsView: async () => true };
  }
  await app.register(rateLimit, {
    global: false,
    // After authentication, so signed-in people are counted as themselves rather than by address.
    hook: 'preHandler',
    keyGenerator: callerKey,
    timeWindow: MINUTE,
    errorResponseBuilder: (_request, context) =>
      new DomainError(
        'rate_limited',
        'too_many_requests',
        `Too many requests; try again in ${context.after}`,
        {
          retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
        },
      ),
  });
  const views = app.createRateLimit({ max: perMinute, timeWindow: MINUTE, keyGenerator: callerKey });
  return {
    votes: { max: perMinute, timeWindow: MINUTE },
    suggestions: { max: perMinute * SUGGESTIONS_FACTOR, timeWindow: MINUTE },
    sessionEvents: { max: perMinute, timeWindow: MINUTE },
    countsView: async (request) => {
      const outcome = await views(request);
      return outcome.isAllowed || !outcome.isExceeded;
    },
  };
}

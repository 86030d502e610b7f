import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Scope } from '../access/actor.ts';
import { hasScope } from '../access/policies.ts';
import { DomainError } from '../errors.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Route answers without a signed-in caller (login, health, docs, public pages). */
    public?: boolean;
    /**
     * What an API token needs to call the route ('any': every valid token). Routes that name
     * none need the admin scope, so a forgotten declaration fails closed.
     */
    scope?: Scope | 'any';
  }
}

export const SESSION_COOKIE = 'tierline_session';

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : null;
}

/**
 * Resolves the caller on every request and refuses non-public routes without one.
 * Cookie-authenticated writes must be same-origin JSON, which keeps cross-site forms out.
 */
export function registerAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (request) => {
    const token = bearerToken(request);
    if (token) {
      request.actor = await auth.actorFromToken(token);
      if (!request.actor)
        throw new DomainError(
          'unauthenticated',
          'invalid_token',
          'The API token is invalid, expired or revoked',
        );
    } else {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) request.actor = await auth.actorFromSession(sessionId);
      if (request.actor && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
        const origin = request.headers.origin;
        if (origin && new URL(origin).host !== request.headers.host) {
          throw new DomainError(
            'forbidden',
            'cross_origin_request',
            'Cross-origin requests need an API token',
          );
        }
      }
    }
    if (!request.actor) {
      if (request.routeOptions.config.public) return;
      throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in or send an API token');
    }
    const scope = request.routeOptions.config.scope ?? 'admin';
    if (scope !== 'any' && !hasScope(request.actor, scope)) {
      throw new DomainError('forbidden', 'token_scope_missing', `This API token lacks the ${scope} scope`);
    }
  });
}

/**
 * Gives every route of a plugin a token scope by method unless it names its own:
 * reads need `read`, everything else `write`. Call first thing in the plugin.
 */
export function defaultScopes(app: FastifyInstance, read: Scope | 'any', write: Scope | 'any'): void {
  app.addHook('onRoute', (route) => {
    const method = Array.isArray(route.method) ? route.method[0] : route.method;
    route.config = {
      ...route.config,
      scope: route.config?.scope ?? (method === 'GET' || method === 'HEAD' ? read : write),
    };
  });
}

/** The caller of an authenticated route; the preHandler guarantees it is there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor)
    throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in or send an API token');
  return request.actor;
}

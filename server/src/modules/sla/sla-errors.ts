import type { DomainError } from '../../errors.ts';

/**
 * Turns a duplicate caught by the named unique index into the domain's own 409, so the index
 * stays the one source of truth and concurrent writers get the same answer as a pre-check.
 */
export const rethrowDuplicate =
  (index: string, error: () => DomainError) =>
  (caught: unknown): never => {
    const { code, constraint } = (caught ?? {}) as { code?: unknown; constraint?: unknown };
    throw code === '23505' && constraint === index ? error() : caught;
  };

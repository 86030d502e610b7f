import type { DomainError } from '../../errors.ts';

/** The unique index a PostgreSQL write ran into, if that is why it failed. */
function violatedUniqueIndex(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' ? constraint : null;
}

/**
 * Turns a duplicate caught by a unique index into the domain's own 409, so the index stays the
 * one source of truth and concurrent writers get the same answer as a pre-check would give.
 */
export const uniqueConflicts =
  (conflicts: Record<string, DomainError>) =>
  (error: unknown): never => {
    const index = violatedUniqueIndex(error);
    throw (index !== null && conflicts[index]) || error;
  };

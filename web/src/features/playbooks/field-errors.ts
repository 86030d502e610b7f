import { ApiError } from '../../api/client';

/**
 * The server's `422 invalid_request` names each offending field (`body.definition.steps.0.prompt`);
 * keyed by that path without the `body.` prefix, so a form shows each message beside its field.
 */
export function fieldErrors(error: unknown): Map<string, string> {
  const errors = new Map<string, string>();
  if (!(error instanceof ApiError) || error.code !== 'invalid_request') return errors;
  const issues = (error.details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues;
  for (const issue of issues ?? []) {
    const path = (issue.path ?? '').replace(/^body\.?/, '');
    if (!errors.has(path)) errors.set(path, issue.message ?? 'Invalid value');
  }
  return errors;
}

/** The first error at or under a path (`steps.0` covers `steps.0.answers.1.label`). */
export function errorUnder(errors: Map<string, string>, prefix: string): string | undefined {
  for (const [path, message] of errors) {
    if (path === prefix || path.startsWith(`${prefix}.`)) return message;
  }
  return undefined;
}

import type { Role } from '../../api/types';

/** The server's `macros.manage_shared` and `playbooks.manage`: supervisors and up. */
const SUPERVISING: readonly Role[] = ['supervisor', 'manager', 'admin'];

export const canManageSharedMacros = (role: Role) => SUPERVISING.includes(role);
export const canEditPlaybooks = (role: Role) => SUPERVISING.includes(role);

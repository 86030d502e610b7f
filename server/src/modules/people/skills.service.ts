import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import { conflict } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { uniqueConflicts } from './unique-violation.ts';

export interface SkillRow {
  id: number;
  name: string;
  category: string;
}

/** The skills catalogue that people are rated against (levels live on the person). */
export class SkillService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(actor: Actor): Promise<SkillRow[]> {
    authorize(actor, 'people.read');
    return this.#db.selectFrom('skills').selectAll().orderBy('category').orderBy('name').execute();
  }

  async create(
    actor: Actor,
    input: { name: string; category: string },
    ip: string | null,
  ): Promise<SkillRow> {
    authorize(actor, 'teams.manage');
    return this.#db
      .transaction()
      .execute(async (tx) => {
        const skill = await tx
          .insertInto('skills')
          .values({ name: input.name, category: input.category })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'skill.created',
            targetType: 'skill',
            targetId: skill.id,
            data: { name: skill.name, category: skill.category },
            ip,
          },
          this.#clock(),
        );
        return skill;
      })
      .catch(
        uniqueConflicts({ skills_name_key: conflict('skill_name_taken', 'A skill with this name exists') }),
      );
  }
}

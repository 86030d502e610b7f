import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import type { PlaybookRunRow } from '../../db/schema-knowledge.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { linkArticleToTicket } from '../knowledge/ticket-knowledge.service.ts';
import { macroChanges } from '../macros/macro.service.ts';
import { renderTemplate, templateValues } from '../macros/macro-render.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import { applyTicketChanges, loadVisibleTicket, type TicketDeps } from '../tickets/ticket-changes.ts';
import { addMessage } from '../tickets/ticket-conversation.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import type { AnswerRunInput, PlaybookDefinition, PlaybookOutcome, PlaybookStep } from './playbook.schema.ts';
import { parseDefinition } from './playbook.service.ts';
import { findOutcome, findStep } from './playbook-definition.ts';
import { loadTranscripts, type RunTranscript, transcriptText } from './playbook-transcript.ts';

export interface RunView {
  transcript: RunTranscript;
  /** The question to ask now; null once the run has ended. */
  currentStep: PlaybookStep | null;
}

/**
 * Running a playbook on a ticket. Every answer is written to the run and to the ticket's history
 * (internal); an outcome changes the ticket through the ticket rules: solved links the article and
 * solves the ticket, escalate hands the ticket to a team with an internal "Hand-over" note that
 * holds every question and answer.
 */
export class PlaybookRunService {
  readonly #db: Db;
  readonly #tickets: TicketService;
  readonly #deps: TicketDeps;

  constructor(db: Db, tickets: TicketService, settings: SettingsService, clock: () => Date) {
    this.#db = db;
    this.#tickets = tickets;
    this.#deps = { settings, clock };
  }

  async start(actor: Actor, ticketId: number, playbookId: number): Promise<RunView> {
    authorize(actor, 'playbooks.run');
    const runId = await this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, ticketId);
      const version = await tx
        .selectFrom('playbooks as p')
        .innerJoin('playbook_versions as v', (join) =>
          join.onRef('v.playbook_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
        )
        .select(['v.id', 'v.version', 'v.definition', 'p.name'])
        .where('p.id', '=', playbookId)
        .where('p.active', '=', true)
        .executeTakeFirst();
      if (!version) throw notFound('playbook');
      const running = await tx
        .selectFrom('playbook_runs as r')
        .innerJoin('playbook_versions as v', 'v.id', 'r.playbook_version_id')
        .select('r.id')
        .where('r.ticket_id', '=', ticketId)
        .where('v.playbook_id', '=', playbookId)
        .where('r.status', '=', 'in_progress')
        .executeTakeFirst();
      if (running)
        throw conflict('run_in_progress', `Run ${running.id} of this playbook is still in progress`, {
          runId: running.id,
        });
      const definition = parseDefinition(version.definition);
      const now = this.#deps.clock();
      const run = await tx
        .insertInto('playbook_runs')
        .values({
          playbook_version_id: version.id,
          ticket_id: ticketId,
          current_step_id: definition.startStepId,
          started_by: actor.userId,
          started_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'playbook.started',
        data: { runId: run.id, playbookId, playbook: version.name, version: version.version },
        internal: true,
        at: now,
      });
      return run.id;
    });
    return this.get(actor, runId);
  }

  async get(actor: Actor, runId: number, db: Queryable = this.#db): Promise<RunView> {
    authorize(actor, 'playbooks.run');
    const [transcript] = await loadTranscripts(db, { runId });
    if (!transcript) throw notFound('run');
    await this.#tickets.get(actor, transcript.ticketId);
    const definition = await this.#definitionOf(db, runId);
    return { transcript, currentStep: findStep(definition, transcript.currentStepId) ?? null };
  }

  async listForTicket(actor: Actor, ticketId: number): Promise<RunTranscript[]> {
    authorize(actor, 'playbooks.run');
    await this.#tickets.get(actor, ticketId);
    return loadTranscripts(this.#db, { ticketId });
  }

  async #definitionOf(db: Queryable, runId: number): Promise<PlaybookDefinition> {
    const row = await db
      .selectFrom('playbook_runs as r')
      .innerJoin('playbook_versions as v', 'v.id', 'r.playbook_version_id')
      .select('v.definition')
      .where('r.id', '=', runId)
      .executeTakeFirstOrThrow();
    return parseDefinition(row.definition);
  }

  async #lockRun(
    tx: Queryable,
    actor: Actor,
    runId: number,
  ): Promise<{ run: PlaybookRunRow; ticket: TicketRow }> {
    const run = await tx
      .selectFrom('playbook_runs')
      .selectAll()
      .where('id', '=', runId)
      .forUpdate()
      .executeTakeFirst();
    if (!run) throw notFound('run');
    const ticket = await loadVisibleTicket(tx, actor, run.ticket_id);
    if (run.status !== 'in_progress') throw conflict('run_finished', `This run has ended (${run.status})`);
    return { run, ticket };
  }

  async answer(actor: Actor, runId: number, input: AnswerRunInput): Promise<RunView> {
    authorize(actor, 'playbooks.run');
    await this.#db.transaction().execute(async (tx) => {
      const { run, ticket } = await this.#lockRun(tx, actor, runId);
      const definition = await this.#definitionOf(tx, runId);
      if (input.stepId !== run.current_step_id) {
        throw conflict('step_not_current', 'This step was already answered; reload the run', {
          currentStepId: run.current_step_id,
        });
      }
      const step = findStep(definition, run.current_step_id);
      const answer = step?.answers.find((candidate) => candidate.id === input.answerId);
      if (!step || !answer)
        throw invalid('invalid_answer', `"${input.answerId}" is not an answer to this step`);
      const now = this.#deps.clock();
      await tx
        .insertInto('playbook_run_answers')
        .values({
          run_id: runId,
          step_id: step.id,
          prompt: step.prompt,
          answer_id: answer.id,
          answer_label: answer.label,
          note: input.note,
          answered_by: actor.userId,
          answered_at: now,
        })
        .execute();
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'playbook.answered',
        data: { runId, stepId: step.id, question: step.prompt, answer: answer.label, note: input.note },
        internal: true,
        at: now,
      });
      const outcome = answer.outcomeId === undefined ? undefined : findOutcome(definition, answer.outcomeId);
      if (!outcome) {
        await tx
          .updateTable('playbook_runs')
          .set({ current_step_id: answer.nextStepId ?? null })
          .where('id', '=', runId)
          .execute();
        return;
      }
      await this.#finish(tx, actor, runId, ticket, outcome, now);
    });
    return this.get(actor, runId);
  }

  async #finish(
    tx: Queryable,
    actor: Actor,
    runId: number,
    ticket: TicketRow,
    outcome: PlaybookOutcome,
    now: Date,
  ) {
    await tx
      .updateTable('playbook_runs')
      .set({
        status: outcome.kind === 'solved' ? 'solved' : 'escalated',
        outcome_id: outcome.id,
        current_step_id: null,
        finished_at: now,
      })
      .where('id', '=', runId)
      .execute();
    let current = ticket;
    if (outcome.kind === 'solved') {
      if (outcome.articleId !== undefined)
        await linkArticleToTicket(tx, actor, current, outcome.articleId, 'playbook', now);
      if (outcome.reply.trim()) {
        const body = renderTemplate(outcome.reply, await templateValues(tx, current, actor));
        current = (await addMessage(tx, this.#deps, actor, current.id, { body, internal: false })).ticket;
      }
      if (current.status !== 'solved') {
        current = await applyTicketChanges(tx, this.#deps, actor, current, { status: 'solved' }, now);
      }
    } else {
      const [transcript] = await loadTranscripts(tx, { runId });
      if (!transcript) throw notFound('run');
      const handOver = `Hand-over\n\n${transcriptText(transcript)}`;
      current = (await addMessage(tx, this.#deps, actor, current.id, { body: handOver, internal: true }))
        .ticket;
      const changes = { ...macroChanges(outcome.fields, current, actor), teamId: outcome.teamId };
      current = await applyTicketChanges(tx, this.#deps, actor, current, changes, now);
    }
    await recordTicketEvent(tx, {
      ticket: current,
      actorId: actor.userId,
      type: 'playbook.finished',
      data: { runId, outcomeId: outcome.id, outcome: outcome.kind, title: outcome.title },
      internal: true,
      at: now,
    });
  }

  async abandon(actor: Actor, runId: number): Promise<RunView> {
    authorize(actor, 'playbooks.run');
    await this.#db.transaction().execute(async (tx) => {
      const { ticket } = await this.#lockRun(tx, actor, runId);
      const now = this.#deps.clock();
      await tx
        .updateTable('playbook_runs')
        .set({ status: 'abandoned', current_step_id: null, finished_at: now })
        .where('id', '=', runId)
        .execute();
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'playbook.finished',
        data: { runId, outcome: 'abandoned' },
        internal: true,
        at: now,
      });
    });
    return this.get(actor, runId);
  }
}

import type { Queryable } from '../../db/database.ts';
import { type CreateMacroInput, createMacroSchema } from '../macros/macro.schema.ts';
import { assertKnownVariables } from '../macros/macro-render.ts';
import { definitionSchema, type PlaybookDefinition } from '../playbooks/playbook.schema.ts';
import { assertSoundDefinition } from '../playbooks/playbook-definition.ts';

const MACROS: CreateMacroInput[] = [
  {
    title: 'Ask for details',
    description: 'The request lacks what we need to start; waits on the customer',
    body: 'Hi {{requester.first_name}},\n\nthanks for your request {{ticket.number}}. So that we can look into it, could you tell us since when this happens and send a screenshot of any error message?\n\nBest regards,\n{{agent.name}}',
    replyVisibility: 'public',
    actions: { status: 'pending', addTags: ['needs-info'] },
    shared: true,
    active: true,
  },
  {
    title: 'Password reset done',
    description: 'After resetting a password in the directory',
    body: 'Hi {{requester.first_name}},\n\nyour password has been reset. You will receive a separate email with a link to choose a new one; it is valid for 24 hours.\n\nKind regards,\n{{agent.name}}',
    replyVisibility: 'public',
    actions: { status: 'solved', addTags: ['access'], assignToMe: true },
    shared: true,
    active: true,
  },
];

const vpnPlaybook = (escalateTo: number): PlaybookDefinition =>
  definitionSchema.parse({
    startStepId: 'internet',
    steps: [
      {
        id: 'internet',
        prompt: 'Can the customer open a public website, such as example.com?',
        help: 'Ask them to open a new browser tab while the VPN is disconnected.',
        answers: [
          { id: 'yes', label: 'Yes', nextStepId: 'client-version' },
          { id: 'no', label: 'No', outcomeId: 'local-network' },
        ],
      },
      {
        id: 'client-version',
        prompt: 'Is the VPN client version 5.2 or later?',
        help: 'The version is under Help › About in the VPN client.',
        answers: [
          { id: 'yes', label: 'Yes', nextStepId: 'reconnect' },
          { id: 'no', label: 'No', outcomeId: 'client-updated' },
        ],
      },
      {
        id: 'reconnect',
        prompt: 'Does signing out of the VPN client and connecting again fix it?',
        answers: [
          { id: 'yes', label: 'Yes', outcomeId: 'reconnected' },
          { id: 'no', label: 'No', outcomeId: 'to-technical-support' },
        ],
      },
    ],
    outcomes: [
      {
        id: 'local-network',
        kind: 'solved',
        title: 'Local internet connection down',
        reply:
          'Hi {{requester.first_name}},\n\nthe VPN needs a working internet connection first. Please restart your router; if the internet stays down, your internet provider can help.\n\n{{agent.name}}',
      },
      {
        id: 'client-updated',
        kind: 'solved',
        title: 'VPN client updated',
        reply:
          'Hi {{requester.first_name}},\n\nafter the update to the current VPN client the connection is stable again.\n\n{{agent.name}}',
      },
      { id: 'reconnected', kind: 'solved', title: 'Reconnecting fixed it' },
      {
        id: 'to-technical-support',
        kind: 'escalate',
        title: 'Escalate to Technical Support',
        teamId: escalateTo,
        fields: { priority: 'P2', addTags: ['vpn'] },
        note: 'Technical Support checks the VPN concentrator logs.',
      },
    ],
  });

/** Shared macros and a published troubleshooting playbook, so a newcomer sees both at work. */
export async function seedDemoGuidance(
  tx: Queryable,
  ids: { supervisorId: number; escalationTeamId: number },
): Promise<void> {
  for (const macro of MACROS) {
    const input = createMacroSchema.parse(macro);
    assertKnownVariables(input.body);
    await tx
      .insertInto('macros')
      .values({
        owner_id: null,
        title: input.title,
        description: input.description,
        body: input.body,
        reply_visibility: input.replyVisibility,
        actions: JSON.stringify(input.actions),
        created_by: ids.supervisorId,
      })
      .execute();
  }
  const definition = vpnPlaybook(ids.escalationTeamId);
  assertSoundDefinition(definition);
  const playbook = await tx
    .insertInto('playbooks')
    .values({
      name: 'VPN does not connect',
      description: 'For calls and mails about a VPN that will not connect or keeps dropping.',
      current_version: 1,
      created_by: ids.supervisorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('playbook_versions')
    .values({
      playbook_id: playbook.id,
      version: 1,
      definition: JSON.stringify(definition),
      note: 'First version',
      published_by: ids.supervisorId,
    })
    .execute();
}

import { useMemo } from 'react';
import { useCategories, useStaff, useTeams } from '../../api/directory';
import type { Ticket } from '../../api/types';
import type { NameLookup } from './describe-event';

/** Names for ids that appear in the history (assignees, teams, categories). */
export function useNames(ticket: Ticket | undefined): NameLookup {
  const staff = useStaff();
  const teams = useTeams();
  const categories = useCategories();
  return useMemo(() => {
    const users = new Map<number, string>();
    for (const user of staff.data ?? []) users.set(user.id, user.name);
    if (ticket) {
      for (const person of [ticket.requester, ticket.assignee, ...ticket.watchers]) {
        if (person) users.set(person.id, person.name);
      }
      for (const message of ticket.messages)
        if (message.author) users.set(message.author.id, message.author.name);
    }
    const teamNames = new Map(
      (teams.data ?? []).map((team) => [team.id, `${team.name} (Tier ${team.tier})`]),
    );
    if (ticket?.team) teamNames.set(ticket.team.id, `${ticket.team.name} (Tier ${ticket.team.tier})`);
    const categoryNames = new Map((categories.data ?? []).map((category) => [category.id, category.name]));
    return {
      user: (id) => users.get(id),
      team: (id) => teamNames.get(id),
      category: (id) => categoryNames.get(id),
    };
  }, [staff.data, teams.data, categories.data, ticket]);
}

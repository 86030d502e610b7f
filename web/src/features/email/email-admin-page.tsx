import { Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { AdminHeader } from '../admin/admin-kit';
import { AddressesPanel } from './addresses-panel';
import { ChannelSettingsPanel } from './channel-settings-panel';
import { MailboxesPanel } from './mailboxes-panel';
import { TemplatesPanel } from './templates-panel';

const TABS = [
  { value: 'addresses', label: 'Support addresses' },
  { value: 'mailboxes', label: 'IMAP mailboxes' },
  { value: 'templates', label: 'Notification templates' },
  { value: 'delivery', label: 'SMTP in and out' },
] as const;

/** Administration › Email: where support mail comes in, how it is answered. */
export default function EmailAdminPage() {
  useDocumentTitle('Email · Administration · Tierline');
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((candidate) => candidate.value === params.get('tab'))?.value ?? 'addresses';
  return (
    <>
      <AdminHeader
        title="Email"
        description="Support addresses and the team each routes to, mailboxes Tierline fetches, and the mail it sends."
      />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'addresses' ? { tab: value } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map((entry) => (
            <Tabs.Tab key={entry.value} value={entry.value}>
              {entry.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="addresses">
          <AddressesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="mailboxes">
          <MailboxesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="delivery">
          <ChannelSettingsPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

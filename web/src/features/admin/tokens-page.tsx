import { useDocumentTitle } from '@mantine/hooks';
import { TokensPanel } from '../profile/tokens-panel';
import { AdminHeader } from './admin-kit';

export default function TokensPage() {
  useDocumentTitle('My API tokens · Administration · Tierline');
  return (
    <>
      <AdminHeader
        title="My API tokens"
        description="Tokens act as you, limited to the scopes you give them."
      />
      <TokensPanel />
    </>
  );
}

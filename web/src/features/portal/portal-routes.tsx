import { Route, Routes } from 'react-router';
import PortalNotificationsPage from '../email/notification-preferences';
import { NotFoundPage } from '../shell/not-found-page';
import { NewRequestPage } from './new-request-page';
import { PortalShell } from './portal-shell';
import { RequestListPage } from './request-list-page';
import { RequestPage } from './request-page';

/** The customer portal: its own routes, loaded only by customers and client admins. */
export default function PortalRoutes() {
  return (
    <Routes>
      <Route element={<PortalShell />}>
        <Route index element={<RequestListPage />} />
        <Route path="new" element={<NewRequestPage />} />
        <Route path="requests/:ticketId" element={<RequestPage />} />
        <Route path="notifications" element={<PortalNotificationsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { FullPageLoader, HomeRedirect, RequireRole } from './auth/guards';
import { isStaffRole } from './auth/session';
import { SignInPage } from './auth/sign-in-page';
import { AgentShell } from './features/shell/agent-shell';
import { NotFoundPage } from './features/shell/not-found-page';
import { RouteFocus } from './features/shell/route-focus';
import { NewTicketPage } from './features/tickets/new-ticket-page';
import { TicketListPage } from './features/tickets/ticket-list-page';
import { TicketPage } from './features/tickets/ticket-page';

// Admin screens and the customer portal are separate chunks: an agent's first load carries neither.
const AdminRoutes = lazy(() => import('./features/admin/admin-routes'));
const PortalRoutes = lazy(() => import('./features/portal/portal-routes'));
const ProfilePage = lazy(() => import('./features/profile/profile-page'));
const HelpCentreRoutes = lazy(() => import('./features/knowledge/help-centre-routes'));
const KnowledgeRoutes = lazy(() => import('./features/knowledge/knowledge-routes'));
const SupervisorSlaPage = lazy(() => import('./features/sla/supervisor-sla-page'));
const MacrosPage = lazy(() => import('./features/macros/macros-page'));
const PlaybooksPage = lazy(() => import('./features/playbooks/playbooks-page'));
const PlaybookEditorPage = lazy(() => import('./features/playbooks/playbook-editor-page'));

function Root() {
  return (
    <>
      <RouteFocus />
      <Outlet />
    </>
  );
}

const lazyPage = (element: ReactNode) => <Suspense fallback={<FullPageLoader />}>{element}</Suspense>;

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'sign-in', element: <SignInPage /> },
      {
        element: (
          <RequireRole allow={isStaffRole}>
            <AgentShell />
          </RequireRole>
        ),
        children: [
          { path: 'tickets', element: <TicketListPage /> },
          { path: 'tickets/new', element: <NewTicketPage /> },
          { path: 'tickets/:ticketId', element: <TicketPage /> },
          { path: 'profile', element: lazyPage(<ProfilePage />) },
          { path: 'supervisor/sla', element: lazyPage(<SupervisorSlaPage />) },
          { path: 'macros', element: lazyPage(<MacrosPage />) },
          { path: 'playbooks', element: lazyPage(<PlaybooksPage />) },
          { path: 'playbooks/:playbookId', element: lazyPage(<PlaybookEditorPage />) },
          { path: 'knowledge/*', element: lazyPage(<KnowledgeRoutes />) },
          { path: 'admin/*', element: lazyPage(<AdminRoutes />) },
        ],
      },
      {
        path: 'portal/*',
        element: <RequireRole allow={(role) => !isStaffRole(role)}>{lazyPage(<PortalRoutes />)}</RequireRole>,
      },
      { path: 'help/*', element: lazyPage(<HelpCentreRoutes />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

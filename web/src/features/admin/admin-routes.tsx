import { Box, NavLink, ScrollArea, Text } from '@mantine/core';
import {
  IconArrowBigUpLines,
  IconBug,
  IconBuilding,
  IconCalendarTime,
  IconCategory,
  IconClipboardList,
  IconClockShield,
  IconForms,
  IconKey,
  IconLayoutList,
  IconMail,
  IconShieldCheck,
  IconSitemap,
  IconStars,
  IconUsers,
} from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Role } from '../../api/types';
import { FullPageLoader, RequireRole } from '../../auth/guards';
import { isAdminRole, useMe } from '../../auth/session';
import { NotFoundPage } from '../shell/not-found-page';

const UsersPage = lazy(() => import('./users-page'));
const OrganisationsPage = lazy(() => import('./organisations-page'));
const TeamsPage = lazy(() => import('./teams-page'));
const SkillsPage = lazy(() => import('./skills-page'));
const CustomFieldsPage = lazy(() => import('./custom-fields-page'));
const CategoriesPage = lazy(() => import('./categories-page'));
const SettingsPage = lazy(() => import('./settings-page'));
const ViewsAdminPage = lazy(() => import('./views-admin-page'));
const AuditPage = lazy(() => import('./audit-page'));
const TokensPage = lazy(() => import('./tokens-page'));
const CalendarsPage = lazy(() => import('../sla/calendars-page'));
const SlaPoliciesPage = lazy(() => import('../sla/sla-policies-page'));
const EscalationPage = lazy(() => import('../sla/escalation-page'));
const IntegrationsPage = lazy(() => import('../sla/integrations-page'));
const EmailAdminPage = lazy(() => import('../email/email-admin-page'));

const SECTIONS: { path: string; label: string; icon: typeof IconUsers; roles?: Role[] }[] = [
  { path: 'users', label: 'Users and roles', icon: IconUsers },
  { path: 'organisations', label: 'Organisations', icon: IconBuilding },
  { path: 'teams', label: 'Teams and tiers', icon: IconSitemap },
  { path: 'skills', label: 'Skills', icon: IconStars },
  { path: 'custom-fields', label: 'Custom fields', icon: IconForms, roles: ['admin'] },
  { path: 'categories', label: 'Categories', icon: IconCategory },
  { path: 'settings', label: 'Priority and lifecycle', icon: IconClipboardList },
  { path: 'business-calendars', label: 'Business calendars', icon: IconCalendarTime },
  { path: 'sla-policies', label: 'SLA policies', icon: IconClockShield },
  { path: 'escalation', label: 'Escalation', icon: IconArrowBigUpLines },
  { path: 'dev-trackers', label: 'Dev trackers', icon: IconBug, roles: ['admin'] },
  { path: 'email', label: 'Email', icon: IconMail, roles: ['admin'] },
  { path: 'views', label: 'Views', icon: IconLayoutList },
  { path: 'tokens', label: 'My API tokens', icon: IconKey },
  { path: 'audit', label: 'Audit log', icon: IconShieldCheck, roles: ['admin'] },
];

function AdminNav() {
  const me = useMe();
  const { pathname } = useLocation();
  return (
    <Box component="nav" aria-label="Administration" w={220} className="admin-nav" py="sm" px={6}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mb={6}>
        Administration
      </Text>
      {SECTIONS.filter((section) => !section.roles || section.roles.includes(me.role)).map((section) => {
        const to = `/admin/${section.path}`;
        const active = pathname.startsWith(to);
        return (
          <NavLink
            key={section.path}
            component={Link}
            to={to}
            label={section.label}
            active={active}
            aria-current={active ? 'page' : undefined}
            leftSection={<section.icon size={16} aria-hidden="true" />}
            className="rail-link"
          />
        );
      })}
    </Box>
  );
}

export default function AdminRoutes() {
  return (
    <RequireRole allow={isAdminRole}>
      <div className="admin-layout">
        <AdminNav />
        <ScrollArea className="admin-content" type="auto">
          <Box p="lg" maw={1200}>
            <Suspense fallback={<FullPageLoader />}>
              <Routes>
                <Route index element={<Navigate to="users" replace />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="organisations" element={<OrganisationsPage />} />
                <Route path="teams" element={<TeamsPage />} />
                <Route path="skills" element={<SkillsPage />} />
                <Route path="custom-fields" element={<CustomFieldsPage />} />
                <Route path="categories" element={<CategoriesPage />} />
                <Route path="settings" element={<SettingsPage />} />
                <Route path="business-calendars" element={<CalendarsPage />} />
                <Route path="sla-policies" element={<SlaPoliciesPage />} />
                <Route path="escalation" element={<EscalationPage />} />
                <Route path="dev-trackers" element={<IntegrationsPage />} />
                <Route path="email" element={<EmailAdminPage />} />
                <Route path="views" element={<ViewsAdminPage />} />
                <Route path="tokens" element={<TokensPage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </Suspense>
          </Box>
        </ScrollArea>
      </div>
    </RequireRole>
  );
}

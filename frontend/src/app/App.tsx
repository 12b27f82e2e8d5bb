import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AuthProvider } from '../lib/auth';
import { ApiError } from '../lib/api/client';
import { Layout, RequireSession } from './Layout';
import { LoginPage } from '../features/auth/LoginPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { AcceptInvitationPage } from '../features/auth/AcceptInvitationPage';
import { HomePage } from '../features/home/HomePage';
import { HubsPage } from '../features/hubs/HubsPage';
import { HubDetailPage } from '../features/hubs/HubDetailPage';
import { SchoolsPage } from '../features/schools/SchoolsPage';
import { SchoolDetailPage } from '../features/schools/SchoolDetailPage';
import { PeoplePage } from '../features/people/PeoplePage';
import { PersonPage } from '../features/people/PersonPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { NotFoundPage } from './NotFoundPage';
import { ReflectionsPage } from '../features/reflection/ReflectionsPage';
import { ReflectionPage } from '../features/reflection/ReflectionPage';
import { InstrumentsPage } from '../features/instruments/InstrumentsPage';
import { InstrumentVersionPage } from '../features/instruments/InstrumentVersionPage';
import { CampaignPage } from '../features/campaigns/CampaignPage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { HubOverviewPage } from '../features/hubs/HubOverviewPage';
import { GroupPage } from '../features/groups/GroupPage';
import { EnterCodePage, RespondPage } from '../features/campaigns/RespondPage';
import { MentoringPage } from '../features/mentoring/MentoringPage';
import { ProgrammePage } from '../features/mentoring/ProgrammePage';
import { RelationshipPage } from '../features/mentoring/RelationshipPage';
import { CoursePage } from '../features/mentoring/CoursePage';
import { PlanPage } from '../features/mentoring/PlanPage';
import { NeedsPage } from '../features/mentoring/NeedsPage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';

// Reports carry the charting library: loaded when first needed.
const ReportPage = lazy(() => import('../features/reflection/ReportPage').then((m) => ({ default: m.ReportPage })));
const CampaignReportPage = lazy(() =>
  import('../features/campaigns/CampaignReportPage').then((m) => ({ default: m.CampaignReportPage })),
);
const withSuspense = (el: ReactNode) => <Suspense fallback={<p className="state">…</p>}>{el}</Suspense>;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/invitation', element: <AcceptInvitationPage /> },
  { path: '/respond', element: <EnterCodePage /> },
  { path: '/respond/:code', element: <RespondPage /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'hubs', element: <HubsPage /> },
      { path: 'hubs/:id', element: <HubDetailPage /> },
      { path: 'hubs/:id/overview', element: <HubOverviewPage /> },
      { path: 'schools', element: <SchoolsPage /> },
      { path: 'schools/:id', element: <SchoolDetailPage /> },
      { path: 'people', element: <PeoplePage /> },
      { path: 'people/:id', element: <PersonPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'reflections', element: <ReflectionsPage /> },
      { path: 'reflections/:id', element: <ReflectionPage /> },
      { path: 'reflections/:id/report', element: withSuspense(<ReportPage />) },
      { path: 'groups', element: <GroupsPage /> },
      { path: 'groups/:id', element: <GroupPage /> },
      { path: 'campaigns/:id', element: <CampaignPage /> },
      { path: 'campaigns/:id/report', element: withSuspense(<CampaignReportPage />) },
      { path: 'mentoring', element: <MentoringPage /> },
      { path: 'mentoring/programmes/:id', element: <ProgrammePage /> },
      { path: 'mentoring/relationships/:id', element: <RelationshipPage /> },
      { path: 'mentoring/courses/:id', element: <CoursePage /> },
      { path: 'mentoring/enrolments/:id/needs', element: <NeedsPage /> },
      { path: 'plans/:id', element: <PlanPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'instruments', element: <InstrumentsPage /> },
      { path: 'instruments/:key/:version', element: <InstrumentVersionPage /> },
      { path: 'home', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>
  );
}

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AuthProvider } from '../lib/auth';
import { ApiError } from '../lib/api/client';
import { Layout, RequireSession } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { Loading } from '../lib/ui';
import { LoginPage } from '../features/auth/LoginPage';

/**
 * Every page loads when first visited (its own chunk; reports bring the charting library),
 * so the first screen — the login, the code entry of a respondent on a phone — downloads
 * only the shell.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const ForgotPasswordPage = page(() => import('../features/auth/ForgotPasswordPage'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('../features/auth/ResetPasswordPage'), 'ResetPasswordPage');
const AcceptInvitationPage = page(() => import('../features/auth/AcceptInvitationPage'), 'AcceptInvitationPage');
const HomePage = page(() => import('../features/home/HomePage'), 'HomePage');
const HubsPage = page(() => import('../features/hubs/HubsPage'), 'HubsPage');
const HubDetailPage = page(() => import('../features/hubs/HubDetailPage'), 'HubDetailPage');
const SchoolsPage = page(() => import('../features/schools/SchoolsPage'), 'SchoolsPage');
const SchoolDetailPage = page(() => import('../features/schools/SchoolDetailPage'), 'SchoolDetailPage');
const PeoplePage = page(() => import('../features/people/PeoplePage'), 'PeoplePage');
const PersonPage = page(() => import('../features/people/PersonPage'), 'PersonPage');
const AuditPage = page(() => import('../features/audit/AuditPage'), 'AuditPage');
const ResearchPage = page(() => import('../features/research/ResearchPage'), 'ResearchPage');
const ProfilePage = page(() => import('../features/profile/ProfilePage'), 'ProfilePage');
const ReflectionsPage = page(() => import('../features/reflection/ReflectionsPage'), 'ReflectionsPage');
const ReflectionPage = page(() => import('../features/reflection/ReflectionPage'), 'ReflectionPage');
const InstrumentsPage = page(() => import('../features/instruments/InstrumentsPage'), 'InstrumentsPage');
const InstrumentVersionPage = page(() => import('../features/instruments/InstrumentVersionPage'), 'InstrumentVersionPage');
const CampaignPage = page(() => import('../features/campaigns/CampaignPage'), 'CampaignPage');
const GroupsPage = page(() => import('../features/groups/GroupsPage'), 'GroupsPage');
const HubOverviewPage = page(() => import('../features/hubs/HubOverviewPage'), 'HubOverviewPage');
const GroupPage = page(() => import('../features/groups/GroupPage'), 'GroupPage');
const EnterCodePage = page(() => import('../features/campaigns/RespondPage'), 'EnterCodePage');
const RespondPage = page(() => import('../features/campaigns/RespondPage'), 'RespondPage');
const MentoringPage = page(() => import('../features/mentoring/MentoringPage'), 'MentoringPage');
const ProgrammePage = page(() => import('../features/mentoring/ProgrammePage'), 'ProgrammePage');
const RelationshipPage = page(() => import('../features/mentoring/RelationshipPage'), 'RelationshipPage');
const CoursePage = page(() => import('../features/mentoring/CoursePage'), 'CoursePage');
const PlanPage = page(() => import('../features/mentoring/PlanPage'), 'PlanPage');
const NeedsPage = page(() => import('../features/mentoring/NeedsPage'), 'NeedsPage');
const ReportPage = page(() => import('../features/reflection/ReportPage'), 'ReportPage');
const CampaignReportPage = page(() => import('../features/campaigns/CampaignReportPage'), 'CampaignReportPage');
const AnalyticsPage = page(() => import('../features/analytics/AnalyticsPage'), 'AnalyticsPage');
const DashboardPage = page(() => import('../features/analytics/DashboardPage'), 'DashboardPage');
const NotificationsPage = page(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage');
const withSuspense = (el: ReactNode) => <Suspense fallback={<Loading />}>{el}</Suspense>;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/forgot-password', element: withSuspense(<ForgotPasswordPage />), errorElement: <RouteError /> },
  { path: '/reset-password', element: withSuspense(<ResetPasswordPage />), errorElement: <RouteError /> },
  { path: '/invitation', element: withSuspense(<AcceptInvitationPage />), errorElement: <RouteError /> },
  { path: '/respond', element: withSuspense(<EnterCodePage />), errorElement: <RouteError /> },
  { path: '/respond/:code', element: withSuspense(<RespondPage />), errorElement: <RouteError /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      {
        // Inside the layout: a page that fails keeps the header and menu around its message.
        errorElement: <RouteError />,
        children: [
          { index: true, element: withSuspense(<HomePage />) },
          { path: 'hubs', element: withSuspense(<HubsPage />) },
          { path: 'hubs/:id', element: withSuspense(<HubDetailPage />) },
          { path: 'hubs/:id/overview', element: withSuspense(<HubOverviewPage />) },
          { path: 'schools', element: withSuspense(<SchoolsPage />) },
          { path: 'schools/:id', element: withSuspense(<SchoolDetailPage />) },
          { path: 'people', element: withSuspense(<PeoplePage />) },
          { path: 'people/:id', element: withSuspense(<PersonPage />) },
          { path: 'audit', element: withSuspense(<AuditPage />) },
          { path: 'research', element: withSuspense(<ResearchPage />) },
          { path: 'profile', element: withSuspense(<ProfilePage />) },
          { path: 'reflections', element: withSuspense(<ReflectionsPage />) },
          { path: 'reflections/:id', element: withSuspense(<ReflectionPage />) },
          { path: 'reflections/:id/report', element: withSuspense(<ReportPage />) },
          { path: 'groups', element: withSuspense(<GroupsPage />) },
          { path: 'groups/:id', element: withSuspense(<GroupPage />) },
          { path: 'campaigns/:id', element: withSuspense(<CampaignPage />) },
          { path: 'campaigns/:id/report', element: withSuspense(<CampaignReportPage />) },
          { path: 'mentoring', element: withSuspense(<MentoringPage />) },
          { path: 'mentoring/programmes/:id', element: withSuspense(<ProgrammePage />) },
          { path: 'mentoring/relationships/:id', element: withSuspense(<RelationshipPage />) },
          { path: 'mentoring/courses/:id', element: withSuspense(<CoursePage />) },
          { path: 'mentoring/enrolments/:id/needs', element: withSuspense(<NeedsPage />) },
          { path: 'plans/:id', element: withSuspense(<PlanPage />) },
          { path: 'analytics', element: withSuspense(<AnalyticsPage />) },
          { path: 'analytics/platform', element: withSuspense(<DashboardPage />) },
          { path: 'analytics/:scope/:id', element: withSuspense(<DashboardPage />) },
          { path: 'notifications', element: withSuspense(<NotificationsPage />) },
          { path: 'instruments', element: withSuspense(<InstrumentsPage />) },
          { path: 'instruments/:key/:version', element: withSuspense(<InstrumentVersionPage />) },
          { path: 'home', element: <Navigate to="/" replace /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
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

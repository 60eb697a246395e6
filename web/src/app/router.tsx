import { type ComponentType, lazy, type ReactNode } from "react";
import { createBrowserRouter, useParams } from "react-router";
import type { Permission } from "../../../shared/permissions.ts";
import { RequirePermission } from "../components/RequirePermission.tsx";
import { loadAdminTexts } from "../i18n/admin-texts.ts";
import { loadFollowUpTexts } from "../i18n/follow-up-texts.ts";
import { LoginPage } from "../routes/auth/LoginPage.tsx";
import { NotFoundPage } from "../routes/errors/NotFoundPage.tsx";
import { RouteError } from "../routes/errors/RouteError.tsx";
import { RequireAuth } from "./RequireAuth.tsx";

/** React.lazy for a named export: each page is its own chunk, loaded on first visit. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

/** An administration page: its chunk and the administration texts (ADMIN_GROUPS), both before it shows. */
function adminPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return page(() => Promise.all([load(), loadAdminTexts()]).then(([module]) => module), name);
}

/** A page showing the patients' follow-up: its chunk and those texts (FOLLOW_UP_GROUPS), both before it shows. */
function followUpPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return page(() => Promise.all([load(), loadFollowUpTexts()]).then(([module]) => module), name);
}

// The signed-in shell too: the login page (in the first load) needs neither it nor its icons.
const AppLayout = page(() => import("./AppLayout.tsx"), "AppLayout");
const HomePage = page(() => import("../routes/home/HomePage.tsx"), "HomePage");
const ChangePasswordPage = page(() => import("../routes/account/ChangePasswordPage.tsx"), "ChangePasswordPage");
const UsersPage = adminPage(() => import("../routes/admin/users/UsersPage.tsx"), "UsersPage");
const ApiKeysPage = adminPage(() => import("../routes/admin/api-keys/ApiKeysPage.tsx"), "ApiKeysPage");
// The settings show the vaccination schedule's editor: the follow-up texts too.
const SettingsPage = adminPage(
  () => loadFollowUpTexts().then(() => import("../routes/admin/settings/SettingsPage.tsx")),
  "SettingsPage",
);
const AuditPage = adminPage(() => import("../routes/admin/audit/AuditPage.tsx"), "AuditPage");
const ProspectsPage = page(() => import("../routes/people/list/PeopleListPage.tsx"), "ProspectsPage");
const PatientsPage = page(() => import("../routes/people/list/PeopleListPage.tsx"), "PatientsPage");
const NewProspectPage = page(() => import("../routes/people/new/NewPersonPage.tsx"), "NewProspectPage");
const NewPatientPage = page(() => import("../routes/people/new/NewPersonPage.tsx"), "NewPatientPage");
const ProspectPage = followUpPage(() => import("../routes/people/person/PersonPage.tsx"), "ProspectPage");
const PatientPage = followUpPage(() => import("../routes/people/person/PersonPage.tsx"), "PatientPage");
const ImportPage = adminPage(() => import("../routes/import/ImportPage.tsx"), "ImportPage");
const ReconciliationPage = page(() => import("../routes/reconciliation/ReconciliationPage.tsx"), "ReconciliationPage");
const NewCallPage = page(() => import("../routes/call-screen/CallScreenPage.tsx"), "NewCallPage");
const ResumeCallScreenPage = page(() => import("../routes/call-screen/CallScreenPage.tsx"), "ResumeCallScreenPage");
const CallRegisterPage = page(() => import("../routes/calls/CallRegisterPage.tsx"), "CallRegisterPage");
const CallDetailPage = page(() => import("../routes/calls/CallDetailPage.tsx"), "CallDetailPage");
const EndOfDayPage = page(() => import("../routes/calls/EndOfDayPage.tsx"), "EndOfDayPage");
const MessagesPage = page(() => import("../routes/messages/MessagesPage.tsx"), "MessagesPage");
const TasksPage = followUpPage(() => import("../routes/tasks/TasksPage.tsx"), "TasksPage");
const DigestPage = page(() => import("../routes/digest/DigestPage.tsx"), "DigestPage");
const ConversionPage = page(() => import("../routes/reports/ConversionPage.tsx"), "ConversionPage");
const CompliancePage = followUpPage(() => import("../routes/reports/CompliancePage.tsx"), "CompliancePage");
const SurveyResultsPage = followUpPage(() => import("../routes/reports/SurveyResultsPage.tsx"), "SurveyResultsPage");
const DeskSurveyPage = followUpPage(() => import("../routes/surveys/DeskSurveyPage.tsx"), "DeskSurveyPage");
const SurveyAdminPage = followUpPage(() => import("../routes/surveys/SurveyAdminPage.tsx"), "SurveyAdminPage");
const CampaignsPage = followUpPage(() => import("../routes/campaigns/CampaignsPage.tsx"), "CampaignsPage");
const CampaignPage = followUpPage(() => import("../routes/campaigns/CampaignPage.tsx"), "CampaignPage");
const SegmentsPage = followUpPage(() => import("../routes/segments/SegmentsPage.tsx"), "SegmentsPage");
const MothersGroupPage = followUpPage(() => import("../routes/mothers-group/MothersGroupPage.tsx"), "MothersGroupPage");
const ProcessingRegisterPage = followUpPage(
  () => import("../routes/data-rights/ProcessingRegisterPage.tsx"),
  "ProcessingRegisterPage",
);
const CataloguePage = page(() => import("../routes/catalogue/CataloguePage.tsx"), "CataloguePage");
const AdminCataloguePage = page(() => import("../routes/catalogue/AdminCataloguePage.tsx"), "AdminCataloguePage");
const PlanningPage = page(() => import("../routes/appointments/PlanningPage.tsx"), "PlanningPage");
const TomorrowRemindersPage = page(
  () => import("../routes/appointments/TomorrowRemindersPage.tsx"),
  "TomorrowRemindersPage",
);
const OutboxPage = page(() => import("../routes/mail/OutboxPage.tsx"), "OutboxPage");
const DocumentsAdminPage = page(() => import("../routes/documents/DocumentsAdminPage.tsx"), "DocumentsAdminPage");
const SchedulingAdminPage = page(
  () => import("../routes/admin/scheduling/SchedulingAdminPage.tsx"),
  "SchedulingAdminPage",
);

const guarded = (permission: Permission, element: ReactNode) => (
  <RequirePermission permission={permission}>{element}</RequirePermission>
);

function PersonRoute({ kind }: { kind: "prospect" | "patient" }) {
  const { id } = useParams();
  return kind === "prospect" ? <ProspectPage key={id} /> : <PatientPage key={id} />;
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: "/login", element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          // The desk's tablet, handed to a patient: full screen, without the app's navigation.
          { path: "enquetes/comptoir", element: guarded("surveys.answer", <DeskSurveyPage />) },
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomePage /> },
              { path: "account/password", element: <ChangePasswordPage /> },
              { path: "prospects", element: guarded("people.read", <ProspectsPage />) },
              { path: "prospects/new", element: guarded("people.write", <NewProspectPage />) },
              // A key per record: going from one person to another starts the page afresh (forms, modals).
              { path: "prospects/:id", element: guarded("people.read", <PersonRoute kind="prospect" />) },
              { path: "patients", element: guarded("people.read", <PatientsPage />) },
              { path: "patients/new", element: guarded("people.write", <NewPatientPage />) },
              { path: "patients/:id", element: guarded("people.read", <PersonRoute kind="patient" />) },
              { path: "import", element: guarded("people.import", <ImportPage />) },
              { path: "reconciliation", element: guarded("people.read", <ReconciliationPage />) },
              // The guided call screen: a new call or visit, or a line saved half-done reopened where it stopped.
              { path: "appels/nouveau", element: guarded("calls.write", <NewCallPage />) },
              { path: "appels/:id/ecran", element: guarded("calls.write", <ResumeCallScreenPage />) },
              { path: "appels", element: guarded("calls.read", <CallRegisterPage />) },
              { path: "appels/fin-de-journee", element: guarded("calls.read", <EndOfDayPage />) },
              { path: "appels/:id", element: guarded("calls.read", <CallDetailPage />) },
              { path: "messages", element: guarded("calls.read", <MessagesPage />) },
              // The follow-up task queues (DESIGN §3): mine, by role, everyone's.
              { path: "taches", element: guarded("tasks.read", <TasksPage />) },
              // The daily digest of procedure 2: the previous day's interactions, marked processed.
              { path: "suivi-quotidien", element: guarded("digest.manage", <DigestPage />) },
              // Conversion tracking of procedure 2: the table of a cohort and the conversion rates.
              { path: "suivi-conversion", element: guarded("reports.read", <ConversionPage />) },
              // The procedure-compliance dashboard and the monthly quality report.
              { path: "tableau-de-bord", element: guarded("reports.read", <CompliancePage />) },
              // Satisfaction surveys (procedure 5): results, the desk's tablet, the questionnaires.
              { path: "enquetes", element: guarded("reports.read", <SurveyResultsPage />) },
              { path: "admin/enquetes", element: guarded("settings.write", <SurveyAdminPage />) },
              { path: "newsletters", element: guarded("campaigns.manage", <CampaignsPage />) },
              { path: "newsletters/:id", element: guarded("campaigns.manage", <CampaignPage />) },
              { path: "segments", element: guarded("campaigns.manage", <SegmentsPage />) },
              { path: "groupe-des-mamans", element: guarded("mothersGroup.manage", <MothersGroupPage />) },
              {
                path: "admin/registre-des-traitements",
                element: guarded("dataRights.manage", <ProcessingRegisterPage />),
              },
              { path: "catalogue", element: guarded("catalogue.read", <CataloguePage />) },
              { path: "admin/catalogue", element: guarded("catalogue.write", <AdminCataloguePage />) },
              { path: "admin/users", element: guarded("users.manage", <UsersPage />) },
              { path: "admin/api-keys", element: guarded("apiKeys.manage", <ApiKeysPage />) },
              { path: "admin/settings", element: guarded("settings.write", <SettingsPage />) },
              { path: "planning", element: guarded("appointments.read", <PlanningPage />) },
              // Tomorrow's appointments and their reminder SMS: reception calls those who cannot get one.
              { path: "rappels-de-demain", element: guarded("appointments.read", <TomorrowRemindersPage />) },
              { path: "admin/audit", element: guarded("audit.read", <AuditPage />) },
              { path: "admin/planification", element: guarded("scheduling.manage", <SchedulingAdminPage />) },
              { path: "envois", element: guarded("mail.send", <OutboxPage />) },
              { path: "admin/documents", element: guarded("catalogue.write", <DocumentsAdminPage />) },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

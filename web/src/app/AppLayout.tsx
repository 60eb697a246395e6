import "../styles/signed-in.css";
import "../i18n/signed-in.ts";
import {
  AppShell,
  Badge,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowsJoin,
  IconBook,
  IconCalendarCog,
  IconCalendarEvent,
  IconChartBar,
  IconCheck,
  IconChecklist,
  IconChevronDown,
  IconClipboardCheck,
  IconDeviceTablet,
  IconFileImport,
  IconFiles,
  IconFilter,
  IconHistory,
  IconHome,
  IconKey,
  IconLanguage,
  IconListCheck,
  IconLock,
  IconLogout,
  IconMail,
  IconMailForward,
  IconMessage,
  IconMessage2,
  IconMoodSmile,
  IconPhone,
  IconReportAnalytics,
  IconSettings,
  IconSettingsQuestion,
  IconShieldLock,
  IconTags,
  IconUserCircle,
  IconUserHeart,
  IconUserSearch,
  IconUsers,
  IconUsersGroup,
} from "@tabler/icons-react";
import { type ComponentType, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { can, type Permission } from "../../../shared/permissions.ts";
import { useSettingsQuery } from "../components/datetime.ts";
import { PageLoader } from "../components/feedback.tsx";
import { currentLanguage, type Language, setLanguage } from "../i18n/index.ts";
import { PendingBadge } from "../offline/PendingBadge.tsx";
import { TakeCallButton } from "../routes/call-screen/TakeCallButton.tsx";
import { OutboxBadge } from "../routes/mail/OutboxBadge.tsx";
import { InboxBadge } from "../routes/messages/InboxBadge.tsx";
import { TasksBadge } from "../routes/tasks/TasksBadge.tsx";
import { PersonSearch } from "./PersonSearch.tsx";
import { useSession, useUser } from "./session.tsx";

type Icon = ComponentType<{ size?: number; stroke?: number }>;

/** The business domains open today; `notOn`: pages under the entry's path that belong elsewhere. */
const MAIN: {
  key: string;
  to: string;
  permission: Permission;
  icon: Icon;
  exact?: boolean;
  notOn?: RegExp;
  badge?: ComponentType;
}[] = [
  {
    key: "callRegister",
    to: "/appels",
    permission: "calls.read",
    icon: IconPhone,
    // The call screen, new or resumed, is « Prendre un appel », not the register.
    notOn: /^\/appels\/(nouveau|[^/]+\/ecran)\/?$/,
  },
  { key: "endOfDay", to: "/appels/fin-de-journee", permission: "calls.read", icon: IconListCheck, exact: true },
  { key: "messages", to: "/messages", permission: "calls.read", icon: IconMessage, badge: InboxBadge },
  { key: "tasks", to: "/taches", permission: "tasks.read", icon: IconChecklist, badge: TasksBadge },
  { key: "digest", to: "/suivi-quotidien", permission: "digest.manage", icon: IconClipboardCheck },
  { key: "conversion", to: "/suivi-conversion", permission: "reports.read", icon: IconChartBar },
  { key: "dashboard", to: "/tableau-de-bord", permission: "reports.read", icon: IconReportAnalytics },
  { key: "surveyResults", to: "/enquetes", permission: "reports.read", icon: IconMoodSmile, exact: true },
  { key: "surveyDesk", to: "/enquetes/comptoir", permission: "surveys.answer", icon: IconDeviceTablet, exact: true },
  { key: "prospects", to: "/prospects", permission: "people.read", icon: IconUserSearch },
  { key: "patients", to: "/patients", permission: "people.read", icon: IconUserHeart },
  { key: "campaigns", to: "/newsletters", permission: "campaigns.manage", icon: IconMail },
  { key: "segments", to: "/segments", permission: "campaigns.manage", icon: IconFilter },
  { key: "mothersGroup", to: "/groupe-des-mamans", permission: "mothersGroup.manage", icon: IconUsersGroup },
  { key: "catalogue", to: "/catalogue", permission: "catalogue.read", icon: IconBook },
  { key: "planning", to: "/planning", permission: "appointments.read", icon: IconCalendarEvent },
  { key: "tomorrowReminders", to: "/rappels-de-demain", permission: "appointments.read", icon: IconMessage2 },
  { key: "outbox", to: "/envois", permission: "mail.send", icon: IconMailForward, badge: OutboxBadge },
];

/** The business domains of the coming versions, shown greyed out so the map of the app is visible. */
const COMING: { key: string; icon: Icon }[] = [];

/** Loading legacy data and tidying it: imports, prospect ↔ patient reconciliation. */
const DATA: { key: string; to: string; permission: Permission; icon: Icon }[] = [
  { key: "import", to: "/import", permission: "people.import", icon: IconFileImport },
  { key: "reconciliation", to: "/reconciliation", permission: "people.read", icon: IconArrowsJoin },
];

const ADMIN: { key: string; to: string; permission: Permission; icon: Icon }[] = [
  { key: "users", to: "/admin/users", permission: "users.manage", icon: IconUsers },
  { key: "apiKeys", to: "/admin/api-keys", permission: "apiKeys.manage", icon: IconKey },
  { key: "adminCatalogue", to: "/admin/catalogue", permission: "catalogue.write", icon: IconTags },
  { key: "settings", to: "/admin/settings", permission: "settings.write", icon: IconSettings },
  { key: "surveyAdmin", to: "/admin/enquetes", permission: "settings.write", icon: IconSettingsQuestion },
  {
    key: "processingRegister",
    to: "/admin/registre-des-traitements",
    permission: "dataRights.manage",
    icon: IconShieldLock,
  },
  { key: "audit", to: "/admin/audit", permission: "audit.read", icon: IconHistory },
  { key: "scheduling", to: "/admin/planification", permission: "scheduling.manage", icon: IconCalendarCog },
  { key: "documents", to: "/admin/documents", permission: "catalogue.write", icon: IconFiles },
];

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { data: settings } = useSettingsQuery();
  const clinicName = settings?.settings.clinicName;
  const canSearch = can(useUser().role, "people.read");

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t(opened ? "shell.closeMenu" : "shell.openMenu")}
            />
            <Text component={Link} to="/" fw={700} size="lg" c="teal.8" td="none">
              {t("app.name")}
            </Text>
            {clinicName && (
              <Text c="dimmed" size="sm" truncate visibleFrom="md">
                {clinicName}
              </Text>
            )}
          </Group>
          {canSearch && (
            <Group flex={1} justify="center" miw={0} role="search">
              <PersonSearch />
            </Group>
          )}
          <Group gap="xs" wrap="nowrap">
            <PendingBadge />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t("shell.navigation")}>
        <AppShell.Section grow component={ScrollArea}>
          <Navigation onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const admin = ADMIN.filter((item) => can(user.role, item.permission));
  const main = MAIN.filter((item) => can(user.role, item.permission));
  const data = DATA.filter((item) => can(user.role, item.permission));
  // One menu entry, active on its page and the pages under it.
  const link = ({ key, to, icon: ItemIcon, exact, notOn, badge: ItemBadge }: (typeof MAIN)[number]) => {
    // The register's entry is not lit on the end-of-day page, which has its own.
    const active =
      pathname === to ||
      (!exact &&
        pathname.startsWith(`${to}/`) &&
        !notOn?.test(pathname) &&
        !MAIN.some((m) => m.to !== to && m.exact && pathname === m.to));
    return (
      <NavLink
        key={key}
        component={Link}
        to={to}
        label={t(`nav.${key}`)}
        leftSection={<ItemIcon size={18} stroke={1.5} />}
        rightSection={ItemBadge ? <ItemBadge /> : undefined}
        active={active}
        aria-current={active ? "page" : undefined}
        onClick={onNavigate}
      />
    );
  };
  const section = (title: string, items: typeof ADMIN) =>
    items.length > 0 && (
      <>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
          {title}
        </Text>
        {items.map(link)}
      </>
    );

  return (
    <Stack gap={4}>
      <TakeCallButton size="md" fullWidth mb="xs" onClick={onNavigate} />
      <NavLink
        component={Link}
        to="/"
        label={t("nav.home")}
        leftSection={<IconHome size={18} stroke={1.5} />}
        active={pathname === "/"}
        aria-current={pathname === "/" ? "page" : undefined}
        onClick={onNavigate}
      />
      {main.map(link)}
      {COMING.map(({ key, icon: ItemIcon }) => (
        <NavLink
          key={key}
          component="div"
          label={t(`nav.${key}`)}
          leftSection={<ItemIcon size={18} stroke={1.5} />}
          rightSection={
            <Badge size="xs" variant="light" color="gray">
              {t("nav.soon")}
            </Badge>
          }
          disabled
          aria-disabled
        />
      ))}
      {section(t("nav.data"), data)}
      {section(t("nav.administration"), admin)}
    </Stack>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const language = currentLanguage();

  const languageItem = (code: Language, label: string) => (
    <Menu.Item
      leftSection={<IconLanguage size={16} stroke={1.5} />}
      rightSection={language === code ? <IconCheck size={16} aria-label={t("shell.currentLanguage")} /> : null}
      onClick={() => setLanguage(code)}
      lang={code}
    >
      {label}
    </Menu.Item>
  );

  return (
    <Menu position="bottom-end" width={280} shadow="md">
      <Menu.Target>
        <UnstyledButton>
          <Group gap="xs" wrap="nowrap">
            {/* On a phone the search needs the room: the name is read by screen readers only. */}
            <Box hiddenFrom="sm" lh={0}>
              <IconUserCircle size={26} stroke={1.5} aria-hidden />
              <VisuallyHidden>
                {user.firstName} {user.lastName}
              </VisuallyHidden>
            </Box>
            <Stack gap={0} align="flex-end" visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2}>
                {user.firstName} {user.lastName}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} visibleFrom="sm">
                {t(`roles.${user.role}`)}
              </Text>
            </Stack>
            <IconChevronDown size={16} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.email}
          <br />
          {t(`roles.${user.role}`)}
        </Menu.Label>
        <Menu.Item component={Link} to="/account/password" leftSection={<IconLock size={16} stroke={1.5} />}>
          {t("shell.changePassword")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t("shell.language")}</Menu.Label>
        {languageItem("fr", "Français")}
        {languageItem("en", "English")}
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} stroke={1.5} />}
          onClick={async () => {
            await signOut();
            navigate("/login", { replace: true });
          }}
        >
          {t("shell.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

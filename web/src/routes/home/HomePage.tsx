import { Anchor, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { useUser } from "../../app/session.tsx";
import { useSettingsQuery } from "../../components/datetime.ts";
import { TakeCallButton } from "../call-screen/TakeCallButton.tsx";

export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const { data } = useSettingsQuery();
  const clinicName = data?.settings.clinicName ?? "NEST";
  const adminLinks = [
    { to: "/admin/users", label: t("nav.users"), allowed: can(user.role, "users.manage") },
    { to: "/admin/api-keys", label: t("nav.apiKeys"), allowed: can(user.role, "apiKeys.manage") },
    { to: "/admin/settings", label: t("nav.settings"), allowed: can(user.role, "settings.write") },
    { to: "/admin/audit", label: t("nav.audit"), allowed: can(user.role, "audit.read") },
  ].filter((link) => link.allowed);
  const peopleLinks = [
    { to: "/prospects", label: t("nav.prospects"), allowed: can(user.role, "people.read") },
    { to: "/patients", label: t("nav.patients"), allowed: can(user.role, "people.read") },
    { to: "/prospects/new", label: t("people.new.prospectTitle"), allowed: can(user.role, "people.write") },
    { to: "/patients/new", label: t("people.new.patientTitle"), allowed: can(user.role, "people.write") },
    { to: "/import", label: t("nav.import"), allowed: can(user.role, "people.import") },
    { to: "/reconciliation", label: t("reconciliation.title"), allowed: can(user.role, "people.read") },
  ].filter((link) => link.allowed);

  return (
    <Stack maw={760}>
      <div>
        <Title order={1}>{t("home.greeting", { name: user.firstName })}</Title>
        <Text c="dimmed" size="lg">
          {t(`roles.${user.role}`)}
        </Text>
      </div>
      {can(user.role, "calls.write") && (
        <Paper withBorder p="lg" bg="teal.0">
          <Stack gap="sm" align="flex-start">
            <TakeCallButton size="xl" />
            <Text>{t("callScreen.home")}</Text>
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Text>{t("home.intro", { clinic: clinicName })}</Text>
          <Text>{t("home.coming")}</Text>
        </Stack>
      </Paper>
      {peopleLinks.length > 0 && (
        <Paper withBorder p="lg">
          <Title order={2} size="h4" mb="xs">
            {t("home.peopleTitle")}
          </Title>
          <Text mb="xs">{t("home.peopleText")}</Text>
          <List spacing={4}>
            {peopleLinks.map((link) => (
              <List.Item key={link.to}>
                <Anchor component={Link} to={link.to}>
                  {link.label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Paper>
      )}
      {adminLinks.length > 0 && (
        <Paper withBorder p="lg">
          <Title order={2} size="h4" mb="xs">
            {t("home.adminTitle")}
          </Title>
          <List spacing={4}>
            {adminLinks.map((link) => (
              <List.Item key={link.to}>
                <Anchor component={Link} to={link.to}>
                  {link.label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Paper>
      )}
    </Stack>
  );
}

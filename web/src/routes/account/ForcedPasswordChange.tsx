import { Button, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconLogout } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useSession, useUser } from "../../app/session.tsx";
import { notifySuccess } from "../../components/feedback.tsx";
import { ChangePasswordForm } from "./ChangePasswordForm.tsx";

/** Shown instead of any page while the user still has a temporary password. */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const user = useUser();
  const { refresh, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" w="100%" maw={480} p="xl" withBorder shadow="sm">
        <Stack>
          <Title order={1} size="h2">
            {t("password.forcedTitle")}
          </Title>
          <Text>{t("password.forcedText", { name: user.firstName })}</Text>
          <ChangePasswordForm
            submitLabel={t("password.forcedSubmit")}
            onDone={async () => {
              await refresh();
              notifySuccess(t("password.changed"));
            }}
          />
          <Group justify="center">
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconLogout size={16} />}
              onClick={async () => {
                await signOut();
                navigate("/login", { replace: true });
              }}
            >
              {t("shell.signOut")}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}

import { Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { notifySuccess } from "../../components/feedback.tsx";
import { ChangePasswordForm } from "./ChangePasswordForm.tsx";

/** /account/password: a signed-in user changes their own password. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack maw={520}>
      <Title order={1}>{t("password.pageTitle")}</Title>
      <Text c="dimmed">{t("password.pageText")}</Text>
      <Paper withBorder p="lg">
        <ChangePasswordForm
          onDone={() => {
            notifySuccess(t("password.changed"));
            navigate("/");
          }}
        />
      </Paper>
    </Stack>
  );
}

import { Button, Stack, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function AccessDenied() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" maw={560} py="xl">
      <IconLock size={40} stroke={1.5} color="var(--mantine-color-red-6)" aria-hidden />
      <Title order={1}>{t("errors.accessDeniedTitle")}</Title>
      <Text>{t("errors.accessDeniedText")}</Text>
      <Button component={Link} to="/" variant="light">
        {t("common.backHome")}
      </Button>
    </Stack>
  );
}

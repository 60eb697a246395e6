import { Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" maw={560} py="xl">
      <Title order={1}>{t("errors.notFoundTitle")}</Title>
      <Text>{t("errors.notFoundText")}</Text>
      <Button component={Link} to="/" variant="light">
        {t("common.backHome")}
      </Button>
    </Stack>
  );
}

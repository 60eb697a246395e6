import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function MothersGroupPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t("mothersGroup.title")}</Title>
    </Stack>
  );
}

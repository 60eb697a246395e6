import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function ProcessingRegisterPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t("dataRights.title")}</Title>
    </Stack>
  );
}

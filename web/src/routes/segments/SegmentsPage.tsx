import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function SegmentsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t("segments.title")}</Title>
    </Stack>
  );
}

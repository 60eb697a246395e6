import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { OfferFinder } from "./OfferFinder.tsx";

/** The price sheet for every role: the finder, read-only. */
export function CataloguePage() {
  const { t } = useTranslation();
  return (
    <Stack maw={900}>
      <Title order={1}>{t("catalogue.title")}</Title>
      <Text c="dimmed">{t("catalogue.intro")}</Text>
      <OfferFinder />
    </Stack>
  );
}

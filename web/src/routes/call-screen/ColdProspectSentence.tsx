import { Paper, Stack, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useColdProspectLinks } from "../people/coldProspect.ts";

/**
 * « Pour en savoir plus sur NEST : notre site … et notre page Facebook … Laissez-nous votre téléphone ou
 * votre e-mail pour recevoir notre documentation. » A link missing from the settings is left out.
 */
export function coldProspectSentence(
  t: TFunction,
  links: { clinic: string; websiteUrl: string; facebookUrl: string },
): string {
  const { clinic, websiteUrl: website, facebookUrl: facebook } = links;
  const more =
    website && facebook
      ? t("callScreen.closing.cold.both", { clinic, website, facebook })
      : website
        ? t("callScreen.closing.cold.website", { clinic, website })
        : facebook
          ? t("callScreen.closing.cold.facebook", { clinic, facebook })
          : null;
  return [more, t("callScreen.closing.cold.leaveDetails")].filter(Boolean).join(" ");
}

/**
 * Procedure 4, at the end of the call with a cold prospect: the links to look NEST up and the invitation
 * to leave a phone or an email for the documentation, to say before the closing formula.
 */
export function ColdProspectSentence() {
  const { t } = useTranslation();
  const links = useColdProspectLinks();
  return (
    <Paper p="md" bg="blue.0" withBorder>
      <Stack gap={4}>
        <Text size="sm" fw={700} c="blue.9">
          {t("callScreen.closing.cold.title")}
        </Text>
        <Text size="lg" fw={600} c="blue.9" aria-label={t("callScreen.closing.cold.sentenceLabel")}>
          « {coldProspectSentence(t, links)} »
        </Text>
      </Stack>
    </Paper>
  );
}

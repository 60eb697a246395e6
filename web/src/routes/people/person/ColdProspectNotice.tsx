import { Alert, Anchor, Group, Text } from "@mantine/core";
import { IconSnowflake } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { PersonDetail } from "../../../api/types.ts";
import { isColdProspect, useColdProspectLinks } from "../coldProspect.ts";

/**
 * Procedure 4 on a cold prospect's page: no follow-up call (the engine gives cold prospects no call task);
 * the website and Facebook links to give instead, from the settings.
 */
export function ColdProspectNotice({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const { websiteUrl, facebookUrl } = useColdProspectLinks();
  if (!isColdProspect(person)) return null;
  const links = [
    websiteUrl ? { key: "website", label: t("people.page.cold.website"), url: websiteUrl } : null,
    facebookUrl ? { key: "facebook", label: t("people.page.cold.facebook"), url: facebookUrl } : null,
  ].filter((link) => link !== null);
  return (
    <Alert color="blue" variant="light" role="note" icon={<IconSnowflake size={18} />} py="xs">
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600}>
          {t("people.page.cold.notice")}
        </Text>
        {links.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("people.page.cold.noLinks")}
          </Text>
        ) : (
          links.map((link, index) => (
            <Text size="sm" key={link.key}>
              <Anchor href={link.url} target="_blank" rel="noopener noreferrer" inherit>
                {link.label}
              </Anchor>{" "}
              <Text span c="dimmed" inherit>
                ({link.url})
              </Text>
              {index < links.length - 1 ? "," : ""}
            </Text>
          ))
        )}
      </Group>
    </Alert>
  );
}

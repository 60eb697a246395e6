import { Anchor, Group, List, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DuplicateMatch } from "../../api/types.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { identifyingDetails } from "../../components/identifyingDetails.ts";
import { KindBadge } from "../../components/PersonBadges.tsx";
import { personUrl } from "../../components/personUrl.ts";

/** Existing records a new one may duplicate, each with a link to open it. */
export function DuplicateList({ matches }: { matches: readonly DuplicateMatch[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <List spacing="xs" listStyleType="none" aria-label={t("people.duplicates.listLabel")}>
      {matches.map((match) => (
        <List.Item key={match.id}>
          <Group gap="xs" wrap="wrap" align="center">
            <KindBadge kind={match.kind} size="sm" />
            <Anchor component={Link} to={personUrl(match)} fw={600}>
              {match.lastName} {match.firstName}
            </Anchor>
            <Text size="sm" c="dimmed">
              {[
                ...identifyingDetails(t, match),
                t("people.duplicates.createdAt", { date: formatDateTime(match.createdAt).slice(0, 10) }),
              ].join(" · ")}
            </Text>
            <Text size="xs" c="orange.8">
              {t(`people.duplicates.matchedOn.${match.matchedOn}`)}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

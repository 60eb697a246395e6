import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconDownload, IconFileTypePdf, IconUserOff } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { dataRightsKeys, exportUrl, getEligibility } from "../../api/data-rights.ts";
import type { PersonDetail } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { AnonymizeModal } from "./AnonymizeModal.tsx";

/**
 * « Données personnelles » on the person page (dataRights.manage): the exports of the right of access, and
 * for a prospect who never became a patient, « Anonymiser… »; for a patient, why her record is not erased.
 */
export function DataRightsCard({ person }: { person: PersonDetail }) {
  const user = useUser();
  if (!can(user.role, "dataRights.manage")) return null;
  return <DataRightsContent person={person} />;
}

function DataRightsContent({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [anonymizing, setAnonymizing] = useState(false);
  const status = useQuery({
    queryKey: dataRightsKeys.eligibility(person.id),
    queryFn: ({ signal }) => getEligibility(person.id, signal),
  });
  const s = status.data;
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="data-rights-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="data-rights-title">
          {t("dataRights.card.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("dataRights.card.help")}
        </Text>
        <Group gap="xs">
          <Anchor href={exportUrl(person.id, "pdf")} download size="sm">
            <Group gap={4} wrap="nowrap">
              <IconFileTypePdf size={16} aria-hidden />
              {t("dataRights.card.exportPdf")}
            </Group>
          </Anchor>
          <Anchor href={exportUrl(person.id, "json")} download size="sm">
            <Group gap={4} wrap="nowrap">
              <IconDownload size={16} aria-hidden />
              {t("dataRights.card.exportJson")}
            </Group>
          </Anchor>
        </Group>
        {s?.anonymizedAt && (
          <Alert color="gray" icon={<IconUserOff size={18} />}>
            <Text size="sm">{t("dataRights.card.anonymized", { date: formatDateTime(s.anonymizedAt) })}</Text>
          </Alert>
        )}
        {s && !s.eligible && !s.anonymizedAt && s.message && (
          <Text size="sm" role="note">
            {s.message}
          </Text>
        )}
        {s?.eligible && (
          <Group>
            <Button
              color="red"
              variant="light"
              leftSection={<IconUserOff size={16} />}
              onClick={() => setAnonymizing(true)}
            >
              {t("dataRights.card.anonymize")}
            </Button>
          </Group>
        )}
      </Stack>
      <AnonymizeModal opened={anonymizing} person={person} onClose={() => setAnonymizing(false)} />
    </Card>
  );
}

import { Badge, Button, Card, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconClipboardCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { type EntryInterview, entryInterviewKeys, listEntryInterviews } from "../../api/entryInterviews.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { useListLabels } from "../../components/settingsLabels.ts";
import { EntryInterviewModal } from "./EntryInterviewModal.tsx";

/**
 * The « Entretiens d'entrée » card of a patient's page (procedure 5): the
 * interviews held, what was transmitted and collected; « Tenir l'entretien
 * d'entrée » for the medical secretaries.
 */
export function PersonEntryInterviews({ personId, merged }: { personId: string; merged: boolean }) {
  const { t } = useTranslation();
  const mayWrite = can(useUser().role, "entryInterviews.write") && !merged;
  const [opened, setOpened] = useState(false);
  const interviews = useQuery({
    queryKey: entryInterviewKeys.list(personId),
    queryFn: ({ signal }) => listEntryInterviews(personId, signal),
  });
  const items = interviews.data?.items ?? [];

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="person-entry-interviews-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="person-entry-interviews-title">
            {t("entryInterview.listTitle")}
          </Title>
          {mayWrite && interviews.isSuccess && (
            <Button size="sm" leftSection={<IconClipboardCheck size={16} />} onClick={() => setOpened(true)}>
              {t("entryInterview.open")}
            </Button>
          )}
        </Group>
        {interviews.isPending ? (
          <PageLoader />
        ) : interviews.error ? (
          <ErrorAlert error={interviews.error} onRetry={() => void interviews.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("entryInterview.none")}
          </Text>
        ) : (
          items.map((interview) => <InterviewHeld key={interview.id} interview={interview} />)
        )}
      </Stack>
      {mayWrite && <EntryInterviewModal personId={personId} opened={opened} onClose={() => setOpened(false)} />}
    </Card>
  );
}

function InterviewHeld({ interview }: { interview: EntryInterview }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const labels = useListLabels();
  const yesNo = (value: boolean) => (value ? t("entryInterview.yes") : t("entryInterview.no"));
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="entry-interview">
      <Stack gap={4}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {formatDateTime(interview.heldAt)}
          </Text>
          {interview.heldBy && (
            <Text size="sm" c="dimmed">
              {t("entryInterview.heldBy", { name: interview.heldBy.name })}
            </Text>
          )}
          <Badge variant="light" tt="none">
            {interview.visitPurpose === "none"
              ? t("entryInterview.purposeNone")
              : t(`pathways.type.${interview.visitPurpose}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t("entryInterview.transmittedFees")} : {yesNo(interview.transmittedFees)} ·{" "}
          {t("entryInterview.transmittedServices")} : {yesNo(interview.transmittedServices)}
        </Text>
        <Text size="sm">
          {t("entryInterview.fileCompleted")} : {yesNo(interview.fileCompleted)}
          {interview.provenanceOrigin &&
            ` · ${t("entryInterview.provenance")} : ${labels.origin(interview.provenanceOrigin)}`}
        </Text>
        {interview.note && (
          <Text size="sm" c="dimmed">
            {interview.note}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

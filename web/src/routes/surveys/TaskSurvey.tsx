import { Alert, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconClipboardCheck, IconMessage } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { sendSurveyLink } from "../../api/surveys.ts";
import type { Task } from "../../api/tasks.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import { SurveyForm } from "./SurveyForm.tsx";

/**
 * The 72 h survey inside the new-patient call (procedure 5): « Remplir l'enquête » while she is on the
 * line (anonymous or nominative, as she chooses), or « Envoyer le lien par SMS » for her to answer
 * herself. The answer is stored on its own, never on the task: an anonymous one keeps no link to her.
 */
export function TaskSurvey({ task, reached }: { task: Task; reached: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [filling, setFilling] = useState(false);
  const [saved, setSaved] = useState<null | { anonymous: boolean }>(null);
  const site = task.source?.type === "appointment" ? task.source.site.code : null;
  const send = useMutation({
    mutationFn: () =>
      sendSurveyLink({
        personId: task.person?.id ?? "",
        kind: "after_first_visit",
        site,
        sourceType: "task",
        sourceId: task.id,
      }),
  });
  if (!task.person) return null;
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="sm">
        <Text fw={600}>{t("surveys.task.title")}</Text>
        {saved && (
          <Alert color="green" variant="light" data-testid="survey-saved">
            {t(saved.anonymous ? "surveys.task.savedAnonymous" : "surveys.task.savedNominative")}
          </Alert>
        )}
        {send.isSuccess && (
          <Alert color={send.data.sms.status === "skipped" ? "yellow" : "green"} variant="light">
            {send.data.sms.status === "skipped"
              ? t("surveys.task.linkSkipped", { reason: send.data.sms.reason ?? "" })
              : t("surveys.task.linkQueued", { until: formatDateTime(send.data.expiresAt) })}
          </Alert>
        )}
        <ErrorAlert error={send.error} />
        {filling && reached && !saved ? (
          <SurveyForm
            kind="after_first_visit"
            channel="phone"
            personId={task.person.id}
            site={site}
            onSaved={(response) => {
              setSaved({ anonymous: response.anonymous });
              setFilling(false);
            }}
            onCancel={() => setFilling(false)}
          />
        ) : (
          <Group gap="xs">
            {!saved && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconClipboardCheck size={14} />}
                onClick={() => setFilling(true)}
                disabled={!reached}
                title={reached ? undefined : t("surveys.task.reachedFirst")}
              >
                {t("surveys.task.fill")}
              </Button>
            )}
            {!saved && !send.isSuccess && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconMessage size={14} />}
                onClick={() => send.mutate()}
                loading={send.isPending}
              >
                {t("surveys.task.sendLink")}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

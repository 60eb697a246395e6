import { Alert, Button, Checkbox, Group, Modal, Radio, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { RECALL_COMMENT } from "../../../../shared/followup.ts";
import { LIMITS } from "../../../../shared/limits.ts";
import { CALL_OUTCOMES } from "../../../../shared/tasks.ts";
import { queryKeys } from "../../api/endpoints.ts";
import { type CompleteTaskBody, completeTask, type Task, taskKeys } from "../../api/tasks.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { PhoneText } from "../../components/PhoneText.tsx";
import { IncompleteNotice } from "../people/IncompleteNotice.tsx";
import { TaskSurvey } from "../surveys/TaskSurvey.tsx";
import { RuleLabel } from "./taskParts.tsx";

type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** What the comment of a 7-day recall starts with (mode opératoire 2); the server adds it anyway. */
export const RECALL_PREFIX = `${RECALL_COMMENT} – `;

/** Fields of the form an API error may name (the rest is shown above the buttons). */
const isShownField = (field: string) =>
  field === "outcome" || field === "interaction.comment" || field.startsWith("survey.");

/**
 * « Faire » on a call task: the person's name and phones large, how the call
 * went, a comment; for a 7-day recall the comment starts with « RAPPEL 7
 * JOURS » (kept whatever is typed); for a new patient the satisfaction
 * questionnaire (filled during the call, or its link sent by SMS). Saving records the call on the person's timeline and closes the task.
 */
export function CompleteCallModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t("tasks.complete.title")} size="lg">
      {task && <CompleteCallForm key={task.id} task={task} onDone={onClose} />}
    </Modal>
  );
}

function CompleteCallForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const recall = task.rule === "recall-7d";
  const surveyAsked = task.rule === "new-patient-72h";
  const [outcome, setOutcome] = useState<CallOutcome | "">("");
  const [comment, setComment] = useState(recall ? RECALL_PREFIX : "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [documentationRefused, setDocumentationRefused] = useState(false);
  const formatDateTime = useFormatDateTime();
  const qualifying = task.rule === "warm-48h" && outcome === "reached";

  const save = useMutation({
    mutationFn: (body: CompleteTaskBody) => completeTask(task.id, body),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      await queryClient.invalidateQueries({ queryKey: queryKeys.people });
      // A call that reached nobody is an attempt: the task stays open, due again later.
      notifySuccess(
        saved.status === "open"
          ? t("tasks.complete.attempt", { at: formatDateTime(saved.dueAt) })
          : t("tasks.complete.done"),
      );
      onDone();
    },
    onError: (error) => setErrors(splitApiError(error, isShownField).fieldErrors),
  });
  const message = save.error ? splitApiError(save.error, isShownField).message : null;

  /** The 7-day recall's mark stays at the start of the comment, whatever is typed or deleted. */
  const onComment = (value: string) => {
    if (!recall || value.toUpperCase().startsWith(RECALL_COMMENT)) setComment(value);
    else setComment(RECALL_PREFIX + value.replace(/^RAPPEL 7 JOURS?\s*[–-]?\s*/i, "").trimStart());
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!outcome) found.outcome = t("tasks.complete.outcomeRequired");
    setErrors(found);
    if (!outcome || Object.keys(found).length > 0) return;
    const text = comment.trim();
    // The mark alone, without its dash, when nothing else was typed.
    const bare = recall && text.replace(/[\s–-]+$/, "") === RECALL_COMMENT;
    const body: CompleteTaskBody = {
      version: task.version,
      outcome,
      interaction: { channel: "phone_out", comment: bare ? RECALL_COMMENT : text || null },
    };
    if (qualifying && documentationRefused) body.documentationRefused = true;
    save.mutate(body);
  };

  const person = task.person;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Stack gap={4}>
          <RuleLabel rule={task.rule} />
          {(task.rule === "post-discharge-10d" || task.rule === "week-36") && (
            <Text size="sm" c="dimmed">
              {t(`tasks.complete.hints.${task.rule}`)}
            </Text>
          )}
          {person ? (
            <>
              <Title order={2}>
                {person.lastName} {person.firstName}
              </Title>
              <IncompleteNotice missing={person.missingFields} />
              {person.phones.length > 0 ? (
                <Group gap="lg">
                  {person.phones.map((phone) => (
                    <Text key={phone} fz="xl" fw={700}>
                      <PhoneText phone={phone} />
                    </Text>
                  ))}
                </Group>
              ) : (
                <Text c="dimmed">{t("tasks.complete.noPhone")}</Text>
              )}
            </>
          ) : (
            <Text c="dimmed">{t("tasks.noPerson")}</Text>
          )}
        </Stack>
        <Radio.Group
          label={t("tasks.complete.outcome")}
          value={outcome}
          onChange={(value) => {
            setOutcome(value as CallOutcome);
            setErrors(({ outcome: _, ...rest }) => rest);
          }}
          error={errors.outcome}
          withAsterisk
        >
          <Group mt="xs">
            {CALL_OUTCOMES.map((value) => (
              <Radio key={value} value={value} label={t(`tasks.outcomes.${value}`)} />
            ))}
          </Group>
        </Radio.Group>
        {(outcome === "not_reached" || outcome === "wrong_number") && (
          <Alert color="yellow" variant="light">
            {t("tasks.complete.attemptHint")}
          </Alert>
        )}
        {qualifying && (
          <Checkbox
            label={t("tasks.complete.documentationRefused")}
            description={t("tasks.complete.documentationHint")}
            checked={documentationRefused}
            onChange={(event) => setDocumentationRefused(event.currentTarget.checked)}
          />
        )}
        <Textarea
          label={t("tasks.complete.comment")}
          description={recall ? t("tasks.complete.recallHelp") : undefined}
          value={comment}
          onChange={(event) => onComment(event.currentTarget.value)}
          maxLength={LIMITS.commentMax}
          autosize
          minRows={3}
          error={errors["interaction.comment"]}
          data-autofocus
        />
        {surveyAsked && <TaskSurvey task={task} reached={outcome === "reached"} />}
        <ErrorAlert
          error={save.error}
          message={message}
          onReload={() => void queryClient.invalidateQueries({ queryKey: taskKeys.all })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t("tasks.complete.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

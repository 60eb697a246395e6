import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { TASK_REASON_MAX, TASK_REASON_MIN } from "../../../../shared/tasks.ts";
import { postponeTask, type Task, taskKeys } from "../../api/tasks.ts";
import { DateField } from "../../components/DateField.tsx";
import {
  startOfDayIso,
  todayIn,
  useFormatDateTime,
  useSettingsQuery,
  useTimeZone,
  zonedTimeToIso,
} from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

/** « Reporter »: a later due date and time, and why (kept in the task's history). */
export function PostponeModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t("tasks.postpone.title")}>
      {task && <PostponeForm key={task.id} task={task} onDone={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["dueAt", "reason"]);

function PostponeForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const formatDateTime = useFormatDateTime();
  const opensAt = useSettingsQuery().data?.settings.businessDays.opensAt ?? "08:00";
  const tomorrow = todayIn(timeZone, new Date(startOfDayIso(todayIn(timeZone), timeZone, 1)));
  const [date, setDate] = useState<string | null>(tomorrow);
  const [time, setTime] = useState(opensAt);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (input: { dueAt: string; reason: string }) =>
      postponeTask(task.id, { version: task.version, ...input }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      notifySuccess(t("tasks.postpone.done"));
      onDone();
    },
    onError: (error) => setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors),
  });
  const message = save.error ? splitApiError(save.error, (field) => FIELDS.has(field)).message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
    if (!date || !match) found.dueAt = t("tasks.postpone.invalidDate");
    if (reason.trim().length < TASK_REASON_MIN) found.reason = t("tasks.reasonRequired", { min: TASK_REASON_MIN });
    setErrors(found);
    if (Object.keys(found).length > 0 || !date || !match) return;
    const dueAt = zonedTimeToIso(date, Number(match[1]), Number(match[2]), timeZone);
    if (new Date(dueAt).getTime() <= Date.now()) {
      setErrors({ dueAt: t("tasks.postpone.inPast") });
      return;
    }
    save.mutate({ dueAt, reason: reason.trim() });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {t("tasks.postpone.current", { at: formatDateTime(task.dueAt) })}
          {task.originalDueAt !== task.dueAt &&
            ` ${t("tasks.postpone.original", { at: formatDateTime(task.originalDueAt) })}`}
        </Text>
        <SimpleGrid cols={2}>
          <DateField
            label={t("tasks.postpone.date")}
            value={date}
            onChange={setDate}
            error={errors.dueAt}
            withAsterisk
          />
          <TextInput
            label={t("tasks.postpone.time")}
            type="time"
            value={time}
            onChange={(event) => setTime(event.currentTarget.value)}
            withAsterisk
          />
        </SimpleGrid>
        <Textarea
          label={t("tasks.reason")}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={TASK_REASON_MAX}
          error={errors.reason}
          withAsterisk
          autosize
          minRows={2}
          data-autofocus
        />
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
            {t("tasks.postpone.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

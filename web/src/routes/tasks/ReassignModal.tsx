import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { ROLES, type Role } from "../../../../shared/roles.ts";
import { TASK_REASON_MAX, TASK_REASON_MIN } from "../../../../shared/tasks.ts";
import { reassignTask, type Task, taskKeys } from "../../api/tasks.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { useRoleLabel } from "../../components/RoleSelect.tsx";
import { useStaff } from "../calls/shared.tsx";
import { AssigneeCell } from "./taskParts.tsx";

/** The roles that work follow-up tasks. */
export const WORKING_ROLES = ROLES.filter((role) => can(role, "tasks.work"));

/** « Réassigner »: to a named colleague, or back to anyone of a role; with a reason (kept in the task's history). */
export function ReassignModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t("tasks.reassign.title")}>
      {task && <ReassignForm key={task.id} task={task} onDone={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["assigneeUserId", "assigneeRole", "reason"]);

function ReassignForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roleLabel = useRoleLabel();
  const staff = useStaff();
  const [to, setTo] = useState<"user" | "role">("user");
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(task.assignee.role);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      reassignTask(task.id, {
        version: task.version,
        assigneeUserId: to === "user" ? userId : null,
        ...(to === "role" && role ? { assigneeRole: role as Role } : {}),
        reason: reason.trim(),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      notifySuccess(t("tasks.reassign.done"));
      onDone();
    },
    onError: (error) => setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors),
  });
  const message = save.error ? splitApiError(save.error, (field) => FIELDS.has(field)).message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (to === "user" && !userId) found.assigneeUserId = t("tasks.reassign.userRequired");
    if (to === "role" && !role) found.assigneeRole = t("tasks.reassign.roleRequired");
    if (reason.trim().length < TASK_REASON_MIN) found.reason = t("tasks.reasonRequired", { min: TASK_REASON_MIN });
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Group gap="xs">
          <Text size="sm">{t("tasks.reassign.current")}</Text>
          <AssigneeCell task={task} />
        </Group>
        <SegmentedControl
          value={to}
          onChange={(value) => setTo(value === "role" ? "role" : "user")}
          data={[
            { value: "user", label: t("tasks.reassign.toUser") },
            { value: "role", label: t("tasks.reassign.toRole") },
          ]}
        />
        {to === "user" ? (
          <Select
            label={t("tasks.reassign.user")}
            data={(staff.data?.users ?? []).map((u) => ({
              value: u.id,
              label: `${u.firstName} ${u.lastName} — ${roleLabel(u.role)}`,
            }))}
            value={userId}
            onChange={setUserId}
            searchable
            error={errors.assigneeUserId}
            withAsterisk
          />
        ) : (
          <Select
            label={t("tasks.reassign.role")}
            description={t("tasks.reassign.roleHelp")}
            data={WORKING_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
            value={role}
            onChange={setRole}
            error={errors.assigneeRole}
            withAsterisk
          />
        )}
        <Textarea
          label={t("tasks.reason")}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={TASK_REASON_MAX}
          error={errors.reason}
          withAsterisk
          autosize
          minRows={2}
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
            {t("tasks.reassign.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

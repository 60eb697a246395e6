import { ActionIcon, Button, Group, Menu, Modal, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconCalendarTime, IconDots, IconHistory, IconPhoneCall, IconUserShare } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CALL_RULES } from "../../../../shared/followup.ts";
import { can } from "../../../../shared/permissions.ts";
import { acknowledgeMessage, callKeys, fetchCall } from "../../api/calls.ts";
import { queryKeys } from "../../api/endpoints.ts";
import { completeTask, type Task, taskKeys } from "../../api/tasks.ts";
import { useUser } from "../../app/session.tsx";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { PreparationCallModal } from "../births/PreparationCallModal.tsx";
import { ResumeCallModal } from "../calls/ResumeCallModal.tsx";
import { EntryInterviewModal } from "../entry-interviews/EntryInterviewModal.tsx";
import { SendDocumentationForm } from "../mail/SendDocumentationForm.tsx";
import { CompleteCallModal } from "./CompleteCallModal.tsx";
import { PostponeModal } from "./PostponeModal.tsx";
import { ReassignModal } from "./ReassignModal.tsx";
import { TaskHistoryModal } from "./TaskHistoryModal.tsx";

type Dialog = "complete" | "postpone" | "reassign" | "history" | "resume" | "docs" | "checklist" | "interview";
type Open = (dialog: Dialog, task: Task) => void;

/**
 * The dialogs a task's actions open, rendered once per page: the call outcome
 * form, the register line's resume form, sending the documentation,
 * postponing, reassigning, the history.
 */
export function useTaskDialogs(): { open: Open; dialogs: ReactNode } {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ dialog: Dialog; task: Task } | null>(null);
  const open = useCallback<Open>((dialog, task) => setState({ dialog, task }), []);
  const of = (dialog: Dialog) => (state?.dialog === dialog ? state.task : null);
  const close = () => setState(null);
  // The form of another module completed the task: the queues and the records are stale.
  const closeAndReload = () => {
    setState(null);
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.people });
  };
  const docsTask = of("docs");
  const checklistTask = of("checklist");
  const interviewTask = of("interview");
  const dialogs = (
    <>
      <CompleteCallModal task={of("complete")} onClose={close} />
      <PostponeModal task={of("postpone")} onClose={close} />
      <ReassignModal task={of("reassign")} onClose={close} />
      <TaskHistoryModal task={of("history")} onClose={close} />
      <ResumeLine task={of("resume")} onClose={closeAndReload} />
      <PreparationCallModal
        opened={checklistTask?.person != null && checklistTask.source?.type === "pathway"}
        personId={checklistTask?.person?.id ?? ""}
        pathwayId={checklistTask?.source?.id ?? ""}
        onClose={closeAndReload}
      />
      <EntryInterviewModal
        opened={interviewTask !== null}
        personId={interviewTask?.person?.id ?? null}
        appointmentId={interviewTask?.source?.type === "appointment" ? interviewTask.source.id : null}
        onClose={closeAndReload}
      />
      <Modal opened={docsTask !== null} onClose={closeAndReload} title={t("sendDocs.title")} size="lg">
        {docsTask?.person && (
          <SendDocumentationForm
            personId={docsTask.person.id}
            kind={docsTask.person.kind}
            onSent={() => void queryClient.invalidateQueries({ queryKey: taskKeys.all })}
          />
        )}
      </Modal>
    </>
  );
  return { open, dialogs };
}

/** The register line of a call-resume task, in the register's own « Reprendre » dialog. */
function ResumeLine({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const callId = task?.source?.type === "call" ? task.source.id : null;
  const call = useQuery({
    queryKey: callKeys.one(callId ?? ""),
    queryFn: () => fetchCall(callId ?? ""),
    enabled: callId !== null,
  });
  return <ResumeCallModal call={callId && call.data ? call.data : null} onClose={onClose} />;
}

/**
 * « Faire » opens the right form (the call outcome for a call rule; the
 * message's acknowledgement, the line's resume form or the documentation for
 * the others), then « Reporter », « Réassigner » and the history in a menu.
 */
export function TaskActions({ task, open }: { task: Task; open: Open }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: () => {
      if (task.source?.type !== "message") throw new Error(t("tasks.source.gone"));
      return acknowledgeMessage(task.source.id, task.source.version);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: taskKeys.all });
      await queryClient.invalidateQueries({ queryKey: callKeys.messages });
      notifySuccess(t("messages.acknowledgedDone"));
    },
    onError: (error) => {
      notifyError(error);
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  // A reply from a number no record has: reception called or wrote back; nothing to note on a record.
  const handled = useMutation({
    mutationFn: (note: string) => completeTask(task.id, { version: task.version, outcome: "done", note }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
    onError: (error) => {
      notifyError(error);
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const confirmHandled = () =>
    modals.openConfirmModal({
      title: t("tasks.actions.handled"),
      children: <Text size="sm">{t("tasks.actions.handledConfirm")}</Text>,
      labels: { confirm: t("tasks.actions.handled"), cancel: t("common.cancel") },
      onConfirm: () => handled.mutate(t("tasks.actions.handled")),
    });
  const mayWork = can(user.role, "tasks.work") && task.status === "open";
  const history = (
    <ActionIcon
      variant="subtle"
      color="gray"
      aria-label={t("tasks.actions.history")}
      onClick={() => open("history", task)}
    >
      <IconHistory size={18} />
    </ActionIcon>
  );
  if (!mayWork) return history;

  let doIt: ReactNode = null;
  if ((task.rule === "sms-reply" || task.rule === "survey-low-score") && !task.person) {
    doIt = (
      <Button size="xs" onClick={confirmHandled} loading={handled.isPending}>
        {t("tasks.actions.handled")}
      </Button>
    );
  } else if (
    task.rule === "week-36" &&
    task.person &&
    task.source?.type === "pathway" &&
    can(user.role, "pathways.write")
  ) {
    // The checklist is the call's outcome; a call nobody answered is noted from the menu.
    doIt = (
      <Button size="xs" leftSection={<IconPhoneCall size={14} />} onClick={() => open("checklist", task)}>
        {t("births.call.open")}
      </Button>
    );
  } else if (CALL_RULES.includes(task.rule)) {
    doIt = (
      <Button size="xs" leftSection={<IconPhoneCall size={14} />} onClick={() => open("complete", task)}>
        {t("tasks.actions.do")}
      </Button>
    );
  } else if (task.rule === "message-ack" && task.source?.type === "message") {
    const forSomeoneElse = task.source.forUser && task.source.forUser.id !== user.id && user.role !== "admin";
    doIt = (
      <Button
        size="xs"
        onClick={() => acknowledge.mutate()}
        loading={acknowledge.isPending}
        disabled={Boolean(forSomeoneElse)}
        title={forSomeoneElse ? t("tasks.actions.forSomeoneElse") : undefined}
      >
        {t("tasks.actions.acknowledge")}
      </Button>
    );
  } else if (task.rule === "call-resume" && task.source?.type === "call") {
    doIt = (
      <Button size="xs" onClick={() => open("resume", task)}>
        {t("calls.resume")}
      </Button>
    );
  } else if (task.rule === "docs-pending" && task.person && !task.person.mergedIntoId && can(user.role, "mail.send")) {
    doIt = (
      <Button size="xs" onClick={() => open("docs", task)}>
        {t("sendDocs.open")}
      </Button>
    );
  } else if (task.rule === "entry-interview" && task.person?.kind === "prospect") {
    // A prospect came to her first visit: the interview is held on the patient record she becomes.
    doIt = (
      <Button
        size="xs"
        variant="default"
        component={Link}
        to="/reconciliation"
        title={t("entryInterview.convertFirst")}
      >
        {t("entryInterview.reconcile")}
      </Button>
    );
  } else if (
    task.rule === "entry-interview" &&
    task.person?.kind === "patient" &&
    !task.person.mergedIntoId &&
    can(user.role, "entryInterviews.write")
  ) {
    doIt = (
      <Button size="xs" onClick={() => open("interview", task)}>
        {t("entryInterview.title")}
      </Button>
    );
  }

  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {doIt}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t("tasks.actions.more")}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {task.rule === "week-36" && (
            <Menu.Item leftSection={<IconPhoneCall size={16} />} onClick={() => open("complete", task)}>
              {t("tasks.actions.callOutcome")}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconCalendarTime size={16} />} onClick={() => open("postpone", task)}>
            {t("tasks.actions.postpone")}
          </Menu.Item>
          <Menu.Item leftSection={<IconUserShare size={16} />} onClick={() => open("reassign", task)}>
            {t("tasks.actions.reassign")}
          </Menu.Item>
          {task.rule === "call-resume" && task.source?.type === "call" && (
            <Menu.Item
              leftSection={<IconPhoneCall size={16} />}
              component={Link}
              to={`/appels/${task.source.id}/ecran`}
            >
              {t("tasks.actions.callScreen")}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconHistory size={16} />} onClick={() => open("history", task)}>
            {t("tasks.actions.history")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

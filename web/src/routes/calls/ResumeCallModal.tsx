import { Button, Group, Modal, Radio, Select, SimpleGrid, Stack, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { type Call, callKeys, RESUME_OUTCOME_VALUES, resumeCall } from "../../api/calls.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { useActiveServices, useStaff } from "./shared.tsx";

type ResumeOutcome = (typeof RESUME_OUTCOME_VALUES)[number];

/**
 * "Reprendre" a line whose request was not satisfied: choose how it ended and
 * add a note. The line leaves the open lines of the day.
 */
export function ResumeCallModal({ call, onClose }: { call: Call | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<ResumeOutcome>("answered");
  const [notes, setNotes] = useState("");
  const [transferServiceId, setTransferServiceId] = useState<string | null>(null);
  const [transferUserId, setTransferUserId] = useState<string | null>(null);
  const staff = useStaff();
  const services = useActiveServices();
  const transferred = outcome === "transferred";
  const resume = useMutation({
    mutationFn: (line: Call) =>
      resumeCall(line.id, {
        version: line.version,
        outcome,
        notes: notes.trim() || null,
        ...(transferred ? { transferServiceId, transferUserId } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: callKeys.all });
      notifySuccess(t("calls.resumedDone"));
      close();
    },
  });
  const close = () => {
    setOutcome("answered");
    setNotes("");
    setTransferServiceId(null);
    setTransferUserId(null);
    resume.reset();
    onClose();
  };

  return (
    <Modal opened={call !== null} onClose={close} title={t("calls.resumeTitle")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (call) resume.mutate(call);
        }}
      >
        <Stack>
          <Radio.Group
            label={t("calls.resumeOutcome")}
            value={outcome}
            onChange={(value) => setOutcome(value as ResumeOutcome)}
          >
            <Stack gap="xs" mt="xs">
              {RESUME_OUTCOME_VALUES.map((value) => (
                <Radio key={value} value={value} label={t(`calls.outcome.${value}`)} />
              ))}
            </Stack>
          </Radio.Group>
          {transferred && (
            <SimpleGrid cols={2}>
              <Select
                label={t("calls.detail.transferService")}
                data={(services.data?.services ?? []).map((s) => ({ value: s.id, label: s.name }))}
                value={transferServiceId}
                onChange={setTransferServiceId}
                clearable
                searchable
              />
              <Select
                label={t("calls.detail.transferUser")}
                data={(staff.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName}` }))}
                value={transferUserId}
                onChange={setTransferUserId}
                clearable
                searchable
              />
            </SimpleGrid>
          )}
          <Textarea
            label={t("calls.resumeNote")}
            value={notes}
            onChange={(event) => setNotes(event.currentTarget.value)}
            maxLength={LIMITS.notesMax}
            autosize
            minRows={2}
            data-autofocus
          />
          <ErrorAlert
            error={resume.error}
            onReload={() => {
              void queryClient.invalidateQueries({ queryKey: callKeys.all });
              close();
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={resume.isPending}>
              {t("calls.resume")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

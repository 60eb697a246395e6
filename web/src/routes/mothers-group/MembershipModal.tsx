import { Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { MOTHERS_GROUP_NOTE_MAX } from "../../../../shared/mothers-group.ts";
import {
  getMemberships,
  MEMBERSHIP_STATUSES,
  type MembershipStatus,
  MOTHERS_GROUP_NETWORKS,
  type MothersGroupNetwork,
  mothersGroupKeys,
  setMembership,
} from "../../api/mothersGroup.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";

/**
 * Records where a mother stands with one network's group: status, her consent to be added, a note. Opened from her
 * card (by hand) or from the births card (`after_delivery`: the offer made after her delivery).
 */
export function MembershipModal({
  personId,
  opened,
  onClose,
  network,
  source = "manual",
}: {
  personId: string;
  opened: boolean;
  onClose: () => void;
  network?: MothersGroupNetwork;
  source?: "manual" | "after_delivery";
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("mothersGroup.modal.title")}>
      {opened && <MembershipForm personId={personId} onClose={onClose} initialNetwork={network} source={source} />}
    </Modal>
  );
}

function MembershipForm({
  personId,
  onClose,
  initialNetwork,
  source,
}: {
  personId: string;
  onClose: () => void;
  initialNetwork?: MothersGroupNetwork;
  source: "manual" | "after_delivery";
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const memberships = useQuery({
    queryKey: mothersGroupKeys.person(personId),
    queryFn: ({ signal }) => getMemberships(personId, signal),
  });
  const [network, setNetwork] = useState<MothersGroupNetwork>(initialNetwork ?? "whatsapp");
  const current = memberships.data?.memberships.find((m) => m.network === network);
  const [edited, setEdited] = useState<{ status?: MembershipStatus; consentToAdd?: boolean }>({});
  const status = edited.status ?? current?.status ?? "wishes";
  const consentToAdd = edited.consentToAdd ?? current?.consentToAdd ?? false;
  const [note, setNote] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      setMembership(personId, network, {
        status,
        consentToAdd,
        note: note.trim() || undefined,
        source,
        version: current?.version,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: mothersGroupKeys.all });
      notifySuccess(t("mothersGroup.done.saved"));
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.reset();
    mutation.mutate();
  };
  const split = mutation.error ? splitApiError(mutation.error, (f) => f === "consentToAdd") : null;
  return (
    <form onSubmit={submit} noValidate aria-label={t("mothersGroup.modal.title")}>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? t("mothersGroup.modal.conflict") : (split?.message ?? null)}
          onReload={() => void queryClient.invalidateQueries({ queryKey: mothersGroupKeys.person(personId) })}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("mothersGroup.modal.network")}
          </Text>
          <SegmentedControl
            value={network}
            onChange={(value) => {
              setNetwork(value as MothersGroupNetwork);
              setEdited({});
            }}
            data={MOTHERS_GROUP_NETWORKS.map((n) => ({ value: n, label: t(`mothersGroup.network.${n}`) }))}
            aria-label={t("mothersGroup.modal.network")}
          />
        </Stack>
        <Select
          label={t("mothersGroup.modal.status")}
          data={MEMBERSHIP_STATUSES.map((s) => ({ value: s, label: t(`mothersGroup.status.${s}`) }))}
          value={status}
          onChange={(value) => value && setEdited((e) => ({ ...e, status: value as MembershipStatus }))}
          allowDeselect={false}
        />
        <Checkbox
          label={t("mothersGroup.consent")}
          description={t("mothersGroup.consentHelp")}
          checked={consentToAdd}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setEdited((prev) => ({ ...prev, consentToAdd: checked }));
          }}
          error={split?.fieldErrors.consentToAdd}
        />
        <Textarea
          label={t("mothersGroup.modal.note")}
          autosize
          minRows={2}
          maxLength={MOTHERS_GROUP_NOTE_MAX}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={memberships.isPending}>
            {t("mothersGroup.modal.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

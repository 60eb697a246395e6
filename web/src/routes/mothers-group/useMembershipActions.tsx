import { Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import {
  type InvitationResult,
  inviteToGroup,
  type MembershipStatus,
  type MothersGroupNetwork,
  mothersGroupKeys,
  setMembership,
} from "../../api/mothersGroup.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";

/** Where one mother stands with one network's group: what the actions need to know. */
export interface MembershipTarget {
  personId: string;
  name: string;
  network: MothersGroupNetwork;
  status: MembershipStatus | null;
  consentToAdd: boolean;
  version: number | undefined;
}

type Action = "inviteSms" | "inviteEmail" | "markMember" | "markLeft";

/**
 * The group's actions on one mother (invite by SMS or e-mail, mark member, left), each after a confirmation;
 * « member » asks the staff to confirm that she agreed to be added when that is not recorded yet.
 */
export function useMembershipActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: mothersGroupKeys.all });

  const invite = useMutation({
    mutationFn: (input: { target: MembershipTarget; channel: "sms" | "email" }) =>
      inviteToGroup(input.target.personId, input.target.network, { channel: input.channel }),
    onSuccess: (result: InvitationResult) => {
      if (result.sms?.status === "skipped")
        notifyError(new Error(t("mothersGroup.done.skipped", { reason: result.sms.reason ?? "" })));
      else notifySuccess(t("mothersGroup.done.invited"));
      return refresh();
    },
    onError: (error) => notifyError(error, () => void refresh()),
  });
  const change = useMutation({
    mutationFn: (input: { target: MembershipTarget; status: MembershipStatus; consentToAdd: boolean }) =>
      setMembership(input.target.personId, input.target.network, {
        status: input.status,
        consentToAdd: input.consentToAdd,
        version: input.target.version,
      }),
    onSuccess: () => {
      notifySuccess(t("mothersGroup.done.saved"));
      return refresh();
    },
    onError: (error) => notifyError(error, () => void refresh()),
  });

  const confirm = (target: MembershipTarget, action: Action) => {
    const values = { name: target.name, network: t(`mothersGroup.network.${target.network}`) };
    const sending = action === "inviteSms" || action === "inviteEmail";
    const key = action === "markMember" && !target.consentToAdd ? "markMemberConsent" : action;
    modals.openConfirmModal({
      title: t(`mothersGroup.actions.${action}`),
      children: <Text size="sm">{t(`mothersGroup.confirm.${key}`, values)}</Text>,
      labels: {
        confirm: sending ? t("mothersGroup.confirm.send") : t("mothersGroup.confirm.confirm"),
        cancel: t("common.cancel"),
      },
      confirmProps: action === "markLeft" ? { color: "red" } : undefined,
      onConfirm: () => {
        if (action === "inviteSms") invite.mutate({ target, channel: "sms" });
        else if (action === "inviteEmail") invite.mutate({ target, channel: "email" });
        else if (action === "markMember") change.mutate({ target, status: "member", consentToAdd: true });
        else change.mutate({ target, status: "left", consentToAdd: target.consentToAdd });
      },
    });
  };
  return { confirm, pending: invite.isPending || change.isPending };
}

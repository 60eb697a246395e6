import { Button, Group } from "@mantine/core";
import { IconDoorExit, IconMail, IconMessage, IconUserCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type MembershipTarget, useMembershipActions } from "./useMembershipActions.tsx";

/** The buttons of one mother's membership: invite (SMS, e-mail), mark member, left — what her status allows. */
export function MembershipActions({ target }: { target: MembershipTarget }) {
  const { t } = useTranslation();
  const { confirm, pending } = useMembershipActions();
  const { status } = target;
  return (
    <Group gap={6} aria-label={t("mothersGroup.actions.label", { name: target.name })}>
      {status !== "member" && (
        <>
          <Button
            size="compact-xs"
            variant="default"
            leftSection={<IconMessage size={12} />}
            disabled={pending}
            onClick={() => confirm(target, "inviteSms")}
          >
            {t("mothersGroup.actions.inviteSms")}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            leftSection={<IconMail size={12} />}
            disabled={pending}
            onClick={() => confirm(target, "inviteEmail")}
          >
            {t("mothersGroup.actions.inviteEmail")}
          </Button>
          <Button
            size="compact-xs"
            variant="light"
            color="teal"
            leftSection={<IconUserCheck size={12} />}
            disabled={pending}
            onClick={() => confirm(target, "markMember")}
          >
            {t("mothersGroup.actions.markMember")}
          </Button>
        </>
      )}
      {status !== null && status !== "left" && (
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          leftSection={<IconDoorExit size={12} />}
          disabled={pending}
          onClick={() => confirm(target, "markLeft")}
        >
          {t("mothersGroup.actions.markLeft")}
        </Button>
      )}
    </Group>
  );
}

import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useBlocker } from "react-router";

/** Leaving the composer (the menu, a link) with changes not saved: ask first, as the call screen does. */
export function LeaveGuard({ dirty }: { dirty: boolean }) {
  const { t } = useTranslation();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  return (
    <Modal opened={blocker.state === "blocked"} onClose={() => blocker.reset?.()} title={t("campaigns.leave.title")}>
      <Stack>
        <Text size="sm">{t("campaigns.leave.text")}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            {t("campaigns.leave.stay")}
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            {t("campaigns.leave.leave")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

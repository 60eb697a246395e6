import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconClockPause } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { createInteraction, queryKeys } from "../../api/endpoints.ts";
import type { Interaction, Person } from "../../api/types.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import type { CallChannel } from "./callSteps.ts";

/**
 * CAS 3 when the documentation cannot leave during the call (no email address yet, the document to
 * find…): « Envoyer plus tard » notes on the record an interaction « documentation demandée », which
 * rule docs-pending turns into a task to send it the same day. No request type: the call's own
 * interaction already carries them (a second one would count twice in the recalls).
 */
export function SendLaterPanel({
  person,
  channel,
  recorded,
  onRecorded,
}: {
  person: Person;
  channel: CallChannel;
  /** Already noted during this call: not twice. */
  recorded: boolean;
  onRecorded(interaction: Interaction): Promise<void> | void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () =>
      createInteraction(person.kind, person.id, {
        channel: channel === "phone" ? "phone_in" : "visit",
        requestTypes: [],
        comment: t("callScreen.answer.sendLater.comment"),
        documentsRequested: true,
      }),
    onSuccess: async (interaction) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.interactions(person.kind, person.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
      ]);
      await onRecorded(interaction);
    },
  });

  if (recorded) {
    return (
      <Alert color="teal" icon={<IconCheck size={18} />} role="status">
        {t("callScreen.answer.sendLater.done")}
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      <ErrorAlert error={mutation.error} />
      <Group gap="sm" align="center">
        <Button
          style={{ flexShrink: 0 }}
          variant="light"
          color="orange"
          leftSection={<IconClockPause size={18} />}
          loading={mutation.isPending}
          onClick={() => mutation.mutate()}
        >
          {t("callScreen.answer.sendLater.button")}
        </Button>
        <Text size="sm" c="dimmed">
          {t("callScreen.answer.sendLater.help")}
        </Text>
      </Group>
    </Stack>
  );
}

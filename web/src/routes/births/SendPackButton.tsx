import { Button, Tooltip } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { queryKeys } from "../../api/endpoints.ts";
import { mailKeys, sendDocumentation } from "../../api/mail.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";

/**
 * Sends a pack of the documents library (settings « Documents envoyés en un clic ») to the person by e-mail,
 * recorded on her timeline as any documentation; disabled, saying why, while the settings name none.
 */
export function SendPackButton({
  personId,
  documentIds,
  label,
  icon,
}: {
  personId: string;
  documentIds: string[];
  label: string;
  icon?: ReactNode;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => sendDocumentation({ personId, documentIds, from: "user" }),
    onSuccess: async (sent) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
        queryClient.invalidateQueries({ queryKey: mailKeys.outbox }),
      ]);
      notifySuccess(t(sent.email.status === "sent" ? "births.pack.sent" : "births.pack.queued"));
    },
    onError: (error) => notifyError(error),
  });
  const button = (
    <Button
      size="xs"
      variant="light"
      leftSection={icon}
      disabled={documentIds.length === 0}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
    >
      {label}
    </Button>
  );
  return documentIds.length === 0 ? (
    <Tooltip label={t("births.pack.none")}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

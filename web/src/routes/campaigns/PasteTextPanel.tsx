import { Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { type Campaign, campaignKeys, getCampaignPasteText } from "../../api/campaigns.ts";
import { useCopy } from "../../components/CopyField.tsx";
import { ErrorAlert } from "../../components/feedback.tsx";

/**
 * « Texte pour le groupe des mamans »: the newsletter as plain text to paste in the WhatsApp or Facebook
 * group (no personal unsubscribe link), with a copy button that also works on plain HTTP (CopyField's way).
 */
export function PasteTextPanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const pasteText = useQuery({
    queryKey: campaignKeys.pasteText(campaign.id, campaign.version),
    queryFn: ({ signal }) => getCampaignPasteText(campaign.id, signal),
  });
  const text = pasteText.data?.text ?? "";

  const { state, copy } = useCopy(area, text);

  return (
    <Paper withBorder p="md" component="section" aria-label={t("campaigns.paste.title")}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t("campaigns.paste.title")}
          </Title>
          <Button
            size="xs"
            variant={state === "copied" ? "filled" : "light"}
            color={state === "copied" ? "teal" : undefined}
            leftSection={state === "copied" ? <IconCheck size={14} /> : <IconCopy size={14} />}
            disabled={!text}
            onClick={copy}
          >
            {state === "copied" ? t("common.copied") : t("common.copy")}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t("campaigns.paste.help")}
        </Text>
        <ErrorAlert error={pasteText.error} onRetry={() => void pasteText.refetch()} />
        <Textarea
          ref={area}
          aria-label={t("campaigns.paste.title")}
          readOnly
          autosize
          minRows={4}
          maxRows={14}
          value={text}
          onFocus={(event) => event.currentTarget.select()}
          description={state === "failed" ? t("common.copyFailed") : undefined}
        />
      </Stack>
    </Paper>
  );
}

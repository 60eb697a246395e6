import { Alert, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { campaignKeys, previewCampaign } from "../../api/campaigns.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";

/**
 * The e-mail as a recipient gets it (the signed-in user as the sample), signature and unsubscribe footer
 * included, in a sandboxed frame: no script of the e-mail runs, no link opens from the page.
 */
export function EmailPreview({ campaignId, version, stale }: { campaignId: string; version: number; stale: boolean }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: campaignKeys.preview(campaignId, version),
    queryFn: ({ signal }) => previewCampaign(campaignId, signal),
    staleTime: 60_000,
  });
  if (preview.isPending) return <PageLoader />;
  if (preview.error) return <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />;
  const data = preview.data;
  return (
    <Stack gap="xs">
      {stale && (
        <Alert color="orange" p="xs">
          {t("campaigns.editor.previewStale")}
        </Alert>
      )}
      <Text size="sm">
        <Text span c="dimmed">
          {t("campaigns.editor.subject")}{" "}
        </Text>
        <Text span fw={500} data-testid="preview-subject">
          {data.subject}
        </Text>
      </Text>
      <Paper withBorder>
        <iframe
          title={t("campaigns.editor.previewFrame")}
          sandbox=""
          srcDoc={data.html}
          style={{ width: "100%", height: 560, border: 0, display: "block", background: "white" }}
        />
      </Paper>
      <details>
        <summary>
          <Text span size="sm">
            {t("campaigns.editor.textVersion")}
          </Text>
        </summary>
        <Text size="sm" style={{ whiteSpace: "pre-wrap", fontFamily: "var(--mantine-font-family-monospace)" }}>
          {data.text}
        </Text>
      </details>
    </Stack>
  );
}

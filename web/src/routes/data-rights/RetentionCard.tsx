import { Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { dataRightsKeys, previewRetention, runRetention } from "../../api/data-rights.ts";
import { formatDate } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";

/** The prospects past the retention period (count and the first 50), and for the admin « Anonymiser maintenant ». */
export function RetentionCard({ mayRun }: { mayRun: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const preview = useQuery({ queryKey: dataRightsKeys.retention, queryFn: ({ signal }) => previewRetention(signal) });
  const run = useMutation({
    mutationFn: runRetention,
    onSuccess: async (result) => {
      notifySuccess(t("dataRights.retentionDone", { count: result.anonymized }));
      await queryClient.invalidateQueries({ queryKey: dataRightsKeys.retention });
    },
  });
  const p = preview.data;
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="retention-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="retention-title">
          {t("dataRights.retentionPreview")}
        </Title>
        {preview.isError && <ErrorAlert error={preview.error} />}
        {p && (
          <>
            <Text size="sm">
              {t("dataRights.retentionPreviewCount", { count: p.count, cutoff: formatDate(p.cutoff) })}
            </Text>
            {p.sample.length > 0 && (
              <List size="sm" withPadding>
                {p.sample.map((s) => (
                  <List.Item key={s.id}>
                    {s.lastName} {s.firstName} —{" "}
                    {t("dataRights.retentionPreviewLastContact", { day: formatDate(s.lastContactOn) })}
                  </List.Item>
                ))}
              </List>
            )}
            {mayRun && p.count > 0 && (
              <Group>
                <Button
                  color="red"
                  variant="light"
                  loading={run.isPending}
                  onClick={() => {
                    if (window.confirm(t("dataRights.runRetentionConfirm"))) run.mutate();
                  }}
                >
                  {t("dataRights.runRetention")}
                </Button>
              </Group>
            )}
            <ErrorAlert error={run.error} />
          </>
        )}
      </Stack>
    </Card>
  );
}

import { Paper, Stack, Text, Title, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConsentEntry } from "../../api/consents.ts";
import { useFormatDateTime } from "../../components/datetime.ts";

/** Every entry of the register, newest first: when, what, how, who; the wording stored on hover. */
export function ConsentHistory({ history }: { history: ConsentEntry[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <Stack gap={6}>
      <Title order={3} size="h6">
        {t("consents.history.title")}
      </Title>
      {history.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("consents.history.none")}
        </Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {history.map((entry) => (
            <Paper key={entry.id} component="li" withBorder p="xs" radius="sm" data-testid="consent-entry">
              <Tooltip label={`« ${entry.wording} »`} multiline w={320} withArrow position="top-start">
                <Text size="sm" fw={600} c={entry.granted ? "teal.8" : "red.8"} tabIndex={0}>
                  {t(entry.granted ? "consents.history.granted" : "consents.history.withdrawn")} ·{" "}
                  {t(`consents.purposes.${entry.purpose}`)} · {t(`consents.channels.${entry.channel}`)}
                </Text>
              </Tooltip>
              <Text size="xs" c="dimmed">
                {t("consents.history.line", {
                  when: formatDateTime(entry.recordedAt),
                  how: t(`consents.sources.${entry.source}`),
                  who: entry.recordedBy?.name || t("consents.history.system"),
                })}
              </Text>
              {entry.note && <Text size="xs">{entry.note}</Text>}
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

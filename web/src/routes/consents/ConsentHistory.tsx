import { Badge, Table, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ConsentEntry } from "../../api/consents.ts";
import { useFormatDateTime } from "../../components/datetime.ts";

/** Every entry of the register, newest first: when, what, how, who; the wording stored on hover. */
export function ConsentHistory({ history }: { history: ConsentEntry[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (history.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("consents.history.none")}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={4} fz="sm" aria-label={t("consents.history.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("consents.history.when")}</Table.Th>
            <Table.Th>{t("consents.history.what")}</Table.Th>
            <Table.Th>{t("consents.history.how")}</Table.Th>
            <Table.Th>{t("consents.history.who")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.map((entry) => (
            <Table.Tr key={entry.id} data-testid="consent-entry">
              <Table.Td>{formatDateTime(entry.recordedAt)}</Table.Td>
              <Table.Td>
                <Tooltip label={`« ${entry.wording} »`} multiline w={360} withArrow>
                  <Badge
                    color={entry.granted ? "teal" : "red"}
                    variant="light"
                    tt="none"
                    tabIndex={0}
                    aria-label={`${t(entry.granted ? "consents.history.granted" : "consents.history.withdrawn")} · ${t(`consents.purposes.${entry.purpose}`)} · ${t(`consents.channels.${entry.channel}`)} · « ${entry.wording} »`}
                  >
                    {t(entry.granted ? "consents.history.granted" : "consents.history.withdrawn")} ·{" "}
                    {t(`consents.purposes.${entry.purpose}`)} · {t(`consents.channels.${entry.channel}`)}
                  </Badge>
                </Tooltip>
                {entry.note && (
                  <Text size="xs" c="dimmed">
                    {entry.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`consents.sources.${entry.source}`)}</Table.Td>
              <Table.Td>{entry.recordedBy?.name ?? t("consents.history.system")}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

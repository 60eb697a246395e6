import { Paper, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StatusChange } from "../../../api/types.ts";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { StatusBadge } from "../../../components/PersonBadges.tsx";

/**
 * Classification 2 history, derived by the server from the contacts, the temperature changes and the
 * conversion: each status with the instant it took effect, newest first.
 */
export function StatusHistory({ history }: { history: readonly StatusChange[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const rows = [...history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="status-history-title" h="100%">
      <Title order={2} size="h4" mb="sm" id="status-history-title">
        {t("people.statusHistory.title")}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("people.statusHistory.empty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={260}>
          <Table verticalSpacing={6} aria-labelledby="status-history-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("people.statusHistory.date")}</Table.Th>
                <Table.Th>{t("people.statusHistory.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((change) => (
                <Table.Tr key={`${change.at}-${change.status}`}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(change.at)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={change.status} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        {t("people.statusHistory.help")}
      </Text>
    </Paper>
  );
}

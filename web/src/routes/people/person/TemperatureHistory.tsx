import { Group, Paper, Table, Text, Title } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { TemperatureChange } from "../../../api/types.ts";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { TemperatureBadge } from "../../../components/PersonBadges.tsx";

/** Classification 1 history: every change with its date, reason and author, newest first. */
export function TemperatureHistory({ history }: { history: readonly TemperatureChange[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const rows = [...history].reverse();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="classification-title" h="100%">
      <Title order={2} size="h4" mb="sm" id="classification-title">
        {t("people.history.title")}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("people.history.empty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing={6} aria-labelledby="classification-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("people.history.date")}</Table.Th>
                <Table.Th>{t("people.history.change")}</Table.Th>
                <Table.Th>{t("people.history.reason")}</Table.Th>
                <Table.Th>{t("people.history.by")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((change) => (
                <Table.Tr key={`${change.changedAt}-${change.toTemperature}`}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(change.changedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {change.fromTemperature ? (
                        <TemperatureBadge temperature={change.fromTemperature} size="sm" />
                      ) : (
                        <Text span size="sm" c="dimmed">
                          {t("people.history.initial")}
                        </Text>
                      )}
                      <IconArrowRight size={14} aria-label={t("people.history.to")} />
                      <TemperatureBadge temperature={change.toTemperature} size="sm" />
                    </Group>
                  </Table.Td>
                  <Table.Td>{change.reason}</Table.Td>
                  <Table.Td>{change.changedBy ?? t("people.history.system")}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

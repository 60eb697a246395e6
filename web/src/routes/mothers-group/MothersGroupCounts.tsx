import { Anchor, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { can } from "../../../../shared/permissions.ts";
import { fetchMothersGroupCounts, mothersGroupKeys } from "../../api/mothersGroup.ts";
import { useUser } from "../../app/session.tsx";

const SHOWN = ["member", "invited", "wishes"] as const;

/** The dashboard's « Groupe des Mamans » card: members, invited and wishes per network. */
export function MothersGroupCounts() {
  const { t } = useTranslation();
  const mayOpen = can(useUser().role, "mothersGroup.manage");
  const counts = useQuery({
    queryKey: mothersGroupKeys.counts,
    queryFn: ({ signal }) => fetchMothersGroupCounts(signal),
  });
  if (!counts.data) return null;
  return (
    <Card withBorder padding="md" data-testid="compliance-mothers-group">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3}>{t("mothersGroup.counts.title")}</Title>
          {mayOpen && (
            <Anchor component={Link} to="/groupe-des-mamans" size="sm">
              {t("mothersGroup.counts.open")}
            </Anchor>
          )}
        </Group>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {SHOWN.map((status) => (
                <Table.Th key={status} ta="right">
                  {t(`mothersGroup.status.${status}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {counts.data.counts.map((row) => (
              <Table.Tr key={row.network}>
                <Table.Td>
                  <Text size="sm">{t(`mothersGroup.network.${row.network}`)}</Text>
                </Table.Td>
                {SHOWN.map((status) => (
                  <Table.Td key={status} ta="right">
                    {mayOpen ? (
                      <Anchor
                        component={Link}
                        to={`/groupe-des-mamans?${new URLSearchParams({
                          ...(row.network === "facebook" ? { reseau: "facebook" } : {}),
                          statut: status,
                        })}`}
                      >
                        {row[status]}
                      </Anchor>
                    ) : (
                      row[status]
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

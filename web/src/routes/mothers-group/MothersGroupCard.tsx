import { Anchor, Badge, Button, Card, Collapse, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconEdit, IconUsersGroup } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { getMemberships, type Membership, mothersGroupKeys } from "../../api/mothersGroup.ts";
import type { PersonDetail } from "../../api/types.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import { MembershipActions } from "./MembershipActions.tsx";
import { MembershipModal } from "./MembershipModal.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/**
 * The « Groupe des Mamans NEST » card of a patient's page (procedure 5): her status per network, her consent to be
 * added, the history, and the actions (record a wish, invite, mark member, left).
 */
export function MothersGroupCard({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const personId = person.id;
  const name = `${person.lastName} ${person.firstName}`;
  const mayManage = can(useUser().role, "mothersGroup.manage") && !person.mergedIntoId;
  const [editing, setEditing] = useState(false);
  const memberships = useQuery({
    queryKey: mothersGroupKeys.person(personId),
    queryFn: ({ signal }) => getMemberships(personId, signal),
  });
  const items = memberships.data?.memberships ?? [];
  // Nothing to offer on a man's or a child's record (a child's record names her mother), unless already recorded.
  const offered = person.sex !== "male" && person.motherId === null;
  if (memberships.isPending || ((!mayManage || !offered) && items.length === 0)) return null;
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="mothers-group-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="mothers-group-title">
            {t("mothersGroup.card.title")}
          </Title>
          {mayManage && (
            <Button
              size="xs"
              variant="default"
              leftSection={items.length ? <IconEdit size={14} /> : <IconUsersGroup size={14} />}
              onClick={() => setEditing(true)}
            >
              {items.length ? t("mothersGroup.actions.edit") : t("mothersGroup.card.record")}
            </Button>
          )}
        </Group>
        {memberships.error ? (
          <ErrorAlert error={memberships.error} onRetry={() => void memberships.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("mothersGroup.card.none")}
          </Text>
        ) : (
          items.map((m) => (
            <MembershipLine key={m.network} personId={personId} name={name} membership={m} mayManage={mayManage} />
          ))
        )}
      </Stack>
      <MembershipModal personId={personId} opened={editing} onClose={() => setEditing(false)} />
    </Card>
  );
}

function MembershipLine({
  personId,
  name,
  membership: m,
  mayManage,
}: {
  personId: string;
  name: string;
  membership: Membership;
  mayManage: boolean;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`mothers-group-${m.network}`}>
      <Stack gap={6}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {t(`mothersGroup.network.${m.network}`)}
          </Text>
          <StatusBadge status={m.status} />
          <Badge variant="outline" color={m.consentToAdd ? "teal" : "gray"} tt="none">
            {m.consentToAdd ? t("mothersGroup.consentYes") : t("mothersGroup.consentNo")}
          </Badge>
        </Group>
        {m.invitedAt && (
          <Text size="xs" c="dimmed">
            {t("mothersGroup.card.invitedOn", {
              date: formatDateTime(m.invitedAt),
              via: m.invitedVia ? t(`mothersGroup.via.${m.invitedVia}`) : "",
            })}
          </Text>
        )}
        {mayManage && (
          <MembershipActions
            target={{
              personId,
              name,
              network: m.network,
              status: m.status,
              consentToAdd: m.consentToAdd,
              version: m.version,
            }}
          />
        )}
        <Anchor component="button" type="button" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {t("mothersGroup.card.history", { count: m.history.length })}
        </Anchor>
        <Collapse expanded={open}>
          <Stack gap={2}>
            {m.history.map((event) => (
              <Text key={`${event.occurredAt}-${event.toStatus}-${event.source}`} size="xs">
                {t("mothersGroup.card.historyLine", {
                  date: formatDateTime(event.occurredAt),
                  to: t(`mothersGroup.status.${event.toStatus}`),
                  source: t(`mothersGroup.source.${event.source}`),
                })}
                {event.recordedBy ? ` ${t("mothersGroup.card.by", { name: event.recordedBy })}` : ""}
                {event.note ? ` — ${event.note}` : ""}
              </Text>
            ))}
          </Stack>
        </Collapse>
      </Stack>
    </Paper>
  );
}

import { Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import {
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  type ConsentChannel,
  type ConsentPurpose,
  type ConsentState,
  consentKeys,
  getConsents,
} from "../../api/consents.ts";
import { useUser } from "../../app/session.tsx";
import { formatDate, todayIn, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { ConsentHistory } from "./ConsentHistory.tsx";
import { ConsentModal } from "./ConsentModal.tsx";

/**
 * The « Consentements » card of a person's page (loi 2008-12): where she stands per purpose and channel, a
 * button per cell to record what she said (granted or withdrawn), and the whole history below.
 */
export function ConsentCard({ person }: { person: { id: string; mergedIntoId: string | null } }) {
  const { t } = useTranslation();
  const mayWrite = can(useUser().role, "consents.write") && !person.mergedIntoId;
  const [asking, setAsking] = useState<{ purpose: ConsentPurpose; channel: ConsentChannel; granted: boolean } | null>(
    null,
  );
  const register = useQuery({
    queryKey: consentKeys.register(person.id),
    queryFn: ({ signal }) => getConsents(person.id, signal),
  });
  const stateOf = (purpose: ConsentPurpose, channel: ConsentChannel) =>
    register.data?.current.find((s) => s.purpose === purpose && s.channel === channel) ?? null;

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="person-consents-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="person-consents-title">
          {t("consents.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("consents.intro")}
        </Text>
        {register.isPending ? (
          <PageLoader />
        ) : register.error ? (
          <ErrorAlert error={register.error} onRetry={() => void register.refetch()} />
        ) : (
          <>
            <Table.ScrollContainer minWidth={380}>
              <Table
                withTableBorder
                withColumnBorders
                verticalSpacing="xs"
                horizontalSpacing="xs"
                aria-label={t("consents.gridLabel")}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("consents.purpose")}</Table.Th>
                    {CONSENT_CHANNELS.map((channel) => (
                      <Table.Th key={channel}>{t(`consents.channels.${channel}`)}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {CONSENT_PURPOSES.map((purpose) => (
                    <Table.Tr key={purpose}>
                      <Table.Th scope="row">
                        <Text size="sm" fw={600}>
                          {t(`consents.purposes.${purpose}`)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`consents.kinds.${purpose === "reminders" ? "service" : "promotional"}`)}
                        </Text>
                      </Table.Th>
                      {CONSENT_CHANNELS.map((channel) => (
                        <ConsentCell
                          key={channel}
                          purpose={purpose}
                          channel={channel}
                          state={stateOf(purpose, channel)}
                          onRecord={mayWrite ? (granted) => setAsking({ purpose, channel, granted }) : undefined}
                        />
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ConsentHistory history={register.data.history} />
          </>
        )}
      </Stack>
      {mayWrite && <ConsentModal personId={person.id} asking={asking} onClose={() => setAsking(null)} />}
    </Card>
  );
}

/** One purpose × channel: where she stands, and the button that records the other answer. */
function ConsentCell({
  purpose,
  channel,
  state,
  onRecord,
}: {
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  state: ConsentState | null;
  onRecord?: (granted: boolean) => void;
}) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const day = state ? formatDate(todayIn(timeZone, new Date(state.since))) : "";
  const label = `${t(`consents.purposes.${purpose}`)} · ${t(`consents.channels.${channel}`)}`;
  return (
    <Table.Td data-testid={`consent-${purpose}-${channel}`}>
      <Stack gap={4} align="flex-start">
        <Text size="xs" fw={600} c={state === null ? "dimmed" : state.granted ? "teal.8" : "red.8"}>
          {state === null
            ? t("consents.state.never")
            : t(state.granted ? "consents.state.granted" : "consents.state.withdrawn", { date: day })}
        </Text>
        {onRecord && (
          <Group gap={4}>
            {/* Never asked: either answer; otherwise the other one. */}
            {(state === null || !state.granted) && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="teal"
                aria-label={`${t("consents.grant")} · ${label}`}
                onClick={() => onRecord(true)}
              >
                {t("consents.grant")}
              </Button>
            )}
            {(state === null || state.granted) && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                aria-label={`${t("consents.withdraw")} · ${label}`}
                onClick={() => onRecord(false)}
              >
                {t("consents.withdraw")}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Table.Td>
  );
}

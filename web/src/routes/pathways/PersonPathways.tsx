import { Badge, Button, Card, Group, Paper, Stack, Text, Timeline, Title } from "@mantine/core";
import { IconBabyCarriage, IconFlag, IconPhone, IconRoute } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import { listPathways, type Pathway, pathwayKeys } from "../../api/pathways.ts";
import { useUser } from "../../app/session.tsx";
import { formatDate } from "../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { DeliveryModal } from "../births/DeliveryModal.tsx";
import { PreparationCallModal } from "../births/PreparationCallModal.tsx";
import { EndPathwayModal } from "./EndPathwayModal.tsx";
import { StartPathwayModal } from "./StartPathwayModal.tsx";

/**
 * The « Parcours » card of a patient's page (DESIGN §2): her open pathways (a
 * pregnancy with its DDR, DPA, « 36 SA + 2 j » and milestones), then the past
 * ones with their end and reason; « Démarrer un parcours » and « Clôturer ».
 */
export function PersonPathways({
  personId,
  lastName,
  merged,
}: {
  personId: string;
  lastName: string;
  merged: boolean;
}) {
  const { t } = useTranslation();
  const mayWrite = can(useUser().role, "pathways.write") && !merged;
  const [starting, setStarting] = useState(false);
  const [ending, setEnding] = useState<Pathway | null>(null);
  const [calling, setCalling] = useState<Pathway | null>(null);
  const [delivering, setDelivering] = useState<Pathway | null>(null);
  const pathways = useQuery({
    queryKey: pathwayKeys.list(personId),
    queryFn: ({ signal }) => listPathways(personId, signal),
  });
  const items = pathways.data?.items ?? [];
  const open = items.filter((p) => p.endedOn === null);
  const past = items.filter((p) => p.endedOn !== null);

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="person-pathways-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="person-pathways-title">
            {t("pathways.title")}
          </Title>
          {mayWrite && pathways.isSuccess && (
            <Button size="sm" leftSection={<IconRoute size={16} />} onClick={() => setStarting(true)}>
              {t("pathways.start")}
            </Button>
          )}
        </Group>
        {pathways.isPending ? (
          <PageLoader />
        ) : pathways.error ? (
          <ErrorAlert error={pathways.error} onRetry={() => void pathways.refetch()} />
        ) : (
          <>
            {open.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("pathways.none")}
              </Text>
            ) : (
              open.map((pathway) => (
                <OpenPathway
                  key={pathway.id}
                  pathway={pathway}
                  onEnd={mayWrite ? () => setEnding(pathway) : undefined}
                  onCall={mayWrite ? () => setCalling(pathway) : undefined}
                  onDeliver={mayWrite ? () => setDelivering(pathway) : undefined}
                />
              ))
            )}
            {past.length > 0 && <PastPathways pathways={past} />}
          </>
        )}
      </Stack>
      {mayWrite && pathways.data && (
        <StartPathwayModal
          opened={starting}
          personId={personId}
          openTypes={open.map((p) => p.type)}
          onClose={() => setStarting(false)}
        />
      )}
      {mayWrite && <EndPathwayModal pathway={ending} personId={personId} onClose={() => setEnding(null)} />}
      {mayWrite && (
        <PreparationCallModal
          opened={calling !== null}
          personId={personId}
          pathwayId={calling?.id ?? ""}
          onClose={() => setCalling(null)}
        />
      )}
      {mayWrite && (
        <DeliveryModal
          opened={delivering !== null}
          personId={personId}
          lastName={lastName}
          pregnancyStartedOn={delivering?.startedOn ?? null}
          onClose={() => setDelivering(null)}
        />
      )}
    </Card>
  );
}

function OpenPathway({
  pathway,
  onEnd,
  onCall,
  onDeliver,
}: {
  pathway: Pathway;
  onEnd?: () => void;
  onCall?: () => void;
  onDeliver?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="pathway-open">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge variant="light" tt="none">
                {t(`pathways.type.${pathway.type}`)}
              </Badge>
              <Text size="sm" c="dimmed">
                {t("pathways.since", { date: formatDate(pathway.startedOn) })}
              </Text>
            </Group>
          </Stack>
          <Group gap="xs">
            {pathway.pregnancy && onCall && (
              <Button size="xs" variant="light" leftSection={<IconPhone size={14} />} onClick={onCall}>
                {t("births.call.open")}
              </Button>
            )}
            {pathway.pregnancy && onDeliver && (
              <Button size="xs" variant="light" leftSection={<IconBabyCarriage size={14} />} onClick={onDeliver}>
                {t("births.delivery.open")}
              </Button>
            )}
            {onEnd && (
              <Button size="xs" variant="default" leftSection={<IconFlag size={14} />} onClick={onEnd}>
                {t("pathways.close")}
              </Button>
            )}
          </Group>
        </Group>
        {pathway.pregnancy && <PregnancyDetails pregnancy={pathway.pregnancy} />}
      </Stack>
    </Paper>
  );
}

function PregnancyDetails({ pregnancy }: { pregnancy: NonNullable<Pathway["pregnancy"]> }) {
  const { t } = useTranslation();
  const reached = pregnancy.milestones.filter((m) => m.past).length;
  return (
    <Stack gap="xs">
      <Group gap="lg">
        <Text size="sm">
          <Text span fw={600}>
            {t("pathways.ddr")}
          </Text>{" "}
          {formatDate(pregnancy.ddr)}
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {t("pathways.dpa")}
          </Text>{" "}
          {formatDate(pregnancy.dpa)}
        </Text>
        <Text size="sm" data-testid="gestational-age">
          <Text span fw={600}>
            {t("pathways.gestationalAge")}
          </Text>{" "}
          {pregnancy.gestationalAge ? (
            <Text span fw={700} style={{ whiteSpace: "nowrap" }}>
              {pregnancy.gestationalAge.label}
            </Text>
          ) : (
            <Text span c="dimmed">
              {t("pathways.gestationalAgeNone")}
            </Text>
          )}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {t("pathways.startModal.conventionUsed", { convention: t(`pathways.convention.${pregnancy.convention}`) })}
      </Text>
      <Text size="sm" fw={600}>
        {t("pathways.milestones")}
      </Text>
      <Timeline active={reached - 1} bulletSize={12} lineWidth={2} aria-label={t("pathways.milestones")}>
        {pregnancy.milestones.map((m) => (
          <Timeline.Item key={m.id} title={m.label} c={m.past ? "dimmed" : undefined} data-past={m.past}>
            <Text size="xs" c="dimmed">
              {m.until
                ? t("pathways.milestoneWindow", { from: formatDate(m.on), to: formatDate(m.until) })
                : formatDate(m.on)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

function PastPathways({ pathways }: { pathways: Pathway[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t("pathways.past")}
      </Text>
      {pathways.map((p) => (
        <Group key={p.id} gap="xs" data-testid="pathway-past" wrap="wrap">
          <Badge variant="outline" color="gray" tt="none">
            {t(`pathways.type.${p.type}`)}
          </Badge>
          <Text size="sm" c="dimmed">
            {t("pathways.period", { from: formatDate(p.startedOn), to: formatDate(p.endedOn ?? "") })}
          </Text>
          {p.exitReason && (
            <Text size="sm">
              {t(`pathways.exitReason.${p.exitReason}`)}
              {p.exitNote ? ` — ${p.exitNote}` : ""}
            </Text>
          )}
          {p.pregnancy && (
            <Text size="xs" c="dimmed">
              {t("pathways.dpa")} {formatDate(p.pregnancy.dpa)}
            </Text>
          )}
        </Group>
      ))}
    </Stack>
  );
}

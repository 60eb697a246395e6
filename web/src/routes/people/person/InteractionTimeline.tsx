import { Anchor, Badge, Group, Paper, Stack, Text, Timeline, Title } from "@mantine/core";
import {
  IconBrandFacebook,
  IconBrandWhatsapp,
  IconBuildingHospital,
  IconForms,
  IconMail,
  IconMessage,
  IconPhoneIncoming,
  IconPhoneOutgoing,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Channel, Interaction } from "../../../api/types.ts";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { ErrorAlert, PageLoader } from "../../../components/feedback.tsx";
import { useListLabels } from "../../../components/settingsLabels.ts";

const ICONS: Record<Channel, ComponentType<{ size?: number }>> = {
  phone_in: IconPhoneIncoming,
  phone_out: IconPhoneOutgoing,
  visit: IconBuildingHospital,
  email: IconMail,
  sms: IconMessage,
  whatsapp: IconBrandWhatsapp,
  facebook: IconBrandFacebook,
  web_form: IconForms,
};

type InteractionEmail = NonNullable<Interaction["email"]>;

const EMAIL_STATE_COLORS: Record<InteractionEmail["state"], string> = {
  pending: "orange",
  sending: "blue",
  sent: "teal",
  failed: "red",
  to_check: "red",
};

/** "05/12/2026 16:56" → its day and its time, for « le 05/12/2026 à 16:56 ». */
const dateAndTime = (formatted: string) => {
  const [date = "", time = ""] = formatted.split(" ");
  return { date, time };
};

/** The outbox page opened on one email (« Boîte d'envoi »). */
export const outboxEmailUrl = (id: string) => `/envois?email=${encodeURIComponent(id)}`;

/**
 * Where the interaction's email stands: « Documentation en attente d'envoi » until the outbox has sent it,
 * « Documentation envoyée » then, « Échec de l'envoi » when it failed; with the link to its line of the
 * outbox when the reader may open it (the server says so).
 */
function EmailState({ email }: { email: InteractionEmail }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const subject = email.purpose === "documentation" ? "documentation" : "email";
  return (
    <Group gap="xs" wrap="wrap" data-testid="interaction-email">
      <Badge color={EMAIL_STATE_COLORS[email.state]} variant="light" tt="none" size="sm">
        {t(`people.timeline.emailState.${subject}.${email.state}`)}
      </Badge>
      <Text size="xs" c="dimmed">
        {email.state === "sent" && email.sentAt
          ? t("people.timeline.emailSentTo", { to: email.to.join(", "), ...dateAndTime(formatDateTime(email.sentAt)) })
          : t("people.timeline.emailTo", { to: email.to.join(", ") })}
      </Text>
      {email.id && email.state !== "sent" && (
        <Anchor component={Link} to={outboxEmailUrl(email.id)} size="xs">
          {t("people.timeline.openInOutbox")}
        </Anchor>
      )}
    </Group>
  );
}

/** Recorded long after it happened (noted on paper, entered later): worth saying. */
const LATE_ENTRY_MS = 60 * 60 * 1000;

/** Documents were sent to the person at or after this request (by email or noted on a later contact). */
function sentSince(request: Interaction, all: readonly Interaction[]): boolean {
  const at = new Date(request.occurredAt).getTime();
  return all.some(
    (other) => other.id !== request.id && other.documentsSent.length > 0 && new Date(other.occurredAt).getTime() >= at,
  );
}

/** Every contact with the person, newest first. */
export function InteractionTimeline({
  state,
  interactions,
}: {
  state: { isPending: boolean; error: unknown; refetch: () => unknown };
  interactions: readonly Interaction[] | undefined;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const labels = useListLabels();

  let body: React.ReactNode;
  if (state.isPending) body = <PageLoader />;
  else if (state.error) body = <ErrorAlert error={state.error} onRetry={() => void state.refetch()} />;
  else if (!interactions || interactions.length === 0)
    body = (
      <Text c="dimmed" size="sm">
        {t("people.timeline.empty")}
      </Text>
    );
  else
    body = (
      <Timeline bulletSize={28} lineWidth={2} active={-1}>
        {interactions.map((interaction) => {
          const Icon = ICONS[interaction.channel];
          const late =
            new Date(interaction.recordedAt).getTime() - new Date(interaction.occurredAt).getTime() > LATE_ENTRY_MS;
          return (
            <Timeline.Item
              key={interaction.id}
              bullet={<Icon size={16} />}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={700} size="sm">
                    {formatDateTime(interaction.occurredAt)}
                  </Text>
                  <Text size="sm">{t(`people.channels.${interaction.channel}`)}</Text>
                </Group>
              }
              data-testid="interaction"
            >
              <Stack gap={4} mt={4}>
                {interaction.email && <EmailState email={interaction.email} />}
                {interaction.motive && <Text size="sm">{labels.motive(interaction.motive)}</Text>}
                {interaction.documentsRequested && (
                  <Group gap={4}>
                    {sentSince(interaction, interactions) ? (
                      <Badge color="gray" variant="light" tt="none" size="sm">
                        {t("people.timeline.documentsRequestedSent")}
                      </Badge>
                    ) : (
                      <Badge color="orange" variant="light" tt="none" size="sm">
                        {t("people.timeline.documentsRequested")}
                      </Badge>
                    )}
                  </Group>
                )}
                {interaction.requestTypes.length > 0 && (
                  <Group gap={4}>
                    {interaction.requestTypes.map((code) => (
                      <Badge key={code} variant="light" color="indigo" tt="none" size="sm">
                        {labels.requestType(code)}
                      </Badge>
                    ))}
                  </Group>
                )}
                {interaction.comment && (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                    {interaction.comment}
                  </Text>
                )}
                {interaction.documentsSent.length > 0 && (
                  <Text size="sm">
                    <Text span fw={600} inherit>
                      {/* Not « envoyés » while the email has not left. */}
                      {t(
                        interaction.email && interaction.email.state !== "sent"
                          ? "people.timeline.documentsAttached"
                          : "people.timeline.documentsSent",
                      )}
                    </Text>{" "}
                    {interaction.documentsSent.join(", ")}
                  </Text>
                )}
                {interaction.outcome && (
                  <Text size="sm">
                    <Text span fw={600} inherit>
                      {t("people.timeline.outcome")}
                    </Text>{" "}
                    {interaction.outcome}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {[
                    interaction.author ? t("people.timeline.by", { author: interaction.author }) : null,
                    late ? t("people.timeline.recordedAt", { date: formatDateTime(interaction.recordedAt) }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
              </Stack>
            </Timeline.Item>
          );
        })}
      </Timeline>
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h4" mb="md" id="timeline-title">
        {t("people.timeline.title")}
      </Title>
      {body}
    </Paper>
  );
}

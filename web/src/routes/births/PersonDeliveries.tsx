import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconBook, IconDeviceTablet, IconDoorExit, IconMail, IconMessage } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { GUEST_BOOK_MAX } from "../../../../shared/births.ts";
import { can } from "../../../../shared/permissions.ts";
import { addGuestBookEntry, birthKeys, type Delivery, dischargeDelivery, listDeliveries } from "../../api/births.ts";
import { sendSurveyLink } from "../../api/surveys.ts";
import { useUser } from "../../app/session.tsx";
import { DateField } from "../../components/DateField.tsx";
import { formatDate, todayIn, useFormatDateTime, useSettingsQuery, useTimeZone } from "../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { OfferGroupButton } from "../mothers-group/OfferGroupButton.tsx";
import { SendPackButton } from "./SendPackButton.tsx";

/**
 * The « Naissances » card of a mother's page (procedure 5, « Après la naissance »): each delivery with its
 * babies (links to their records), the discharge, the guest book, the post-delivery pack sent in one click.
 * Shown once she has a delivery.
 */
export function PersonDeliveries({ personId, merged }: { personId: string; merged: boolean }) {
  const { t } = useTranslation();
  const role = useUser().role;
  const mayWrite = can(role, "pathways.write") && !merged;
  const mayWriteBook = can(role, "people.write") && !merged;
  const mayAnswer = can(role, "surveys.answer") && !merged;
  const mayOfferGroup = can(role, "mothersGroup.manage") && !merged;
  const pack = useSettingsQuery().data?.settings.documentPacks.postDelivery ?? [];
  const [discharging, setDischarging] = useState<Delivery | null>(null);
  const [writing, setWriting] = useState<Delivery | null>(null);
  const deliveries = useQuery({
    queryKey: birthKeys.deliveries(personId),
    queryFn: ({ signal }) => listDeliveries(personId, signal),
  });
  if (deliveries.isPending || (deliveries.data && deliveries.data.items.length === 0)) return null;

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="person-deliveries-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="person-deliveries-title">
          {t("births.title")}
        </Title>
        {deliveries.error ? (
          <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />
        ) : (
          deliveries.data.items.map((delivery) => (
            <Paper key={delivery.id} withBorder p="sm" radius="sm" data-testid="delivery">
              <Stack gap="xs">
                <Group justify="space-between" align="flex-start">
                  <Stack gap={2}>
                    <Text size="sm" fw={600}>
                      {t("births.deliveredOn", {
                        date: formatDate(delivery.deliveredOn),
                        mode: t(`births.mode.${delivery.mode}`),
                      })}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {delivery.place === "nest"
                        ? t("births.place.nest")
                        : `${t("births.place.elsewhere")}${delivery.placeNote ? ` — ${delivery.placeNote}` : ""}`}
                    </Text>
                  </Stack>
                  {delivery.dischargedOn ? (
                    <Badge variant="light" color="teal" tt="none" data-testid="discharged">
                      {t("births.dischargedOn", { date: formatDate(delivery.dischargedOn) })}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="orange" tt="none">
                      {t("births.notDischarged")}
                    </Badge>
                  )}
                </Group>
                <Group gap="xs">
                  <Text size="sm">{t("births.children", { count: delivery.children.length })}</Text>
                  {delivery.children.map((child) => (
                    <Anchor key={child.id} component={Link} to={`/patients/${child.id}`} size="sm">
                      {child.firstName} {child.lastName}
                      {child.sex ? ` (${t(`births.sex.${child.sex}`)})` : ""}
                    </Anchor>
                  ))}
                </Group>
                {delivery.guestBook.map((entry) => (
                  <Text key={entry.id} size="sm" fs="italic" data-testid="guest-book-entry">
                    « {entry.text} »{" "}
                    <Text span size="xs" c="dimmed" fs="normal">
                      {entry.mayQuote ? t("births.guestBook.quotable") : t("births.guestBook.private")}
                    </Text>
                  </Text>
                ))}
                <Group gap="xs">
                  {mayWrite && (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconDoorExit size={14} />}
                      onClick={() => setDischarging(delivery)}
                    >
                      {delivery.dischargedOn ? t("births.discharge.correct") : t("births.discharge.record")}
                    </Button>
                  )}
                  {mayWriteBook && (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconBook size={14} />}
                      onClick={() => setWriting(delivery)}
                    >
                      {t("births.guestBook.add")}
                    </Button>
                  )}
                  {mayAnswer && <DischargeSurveyLink personId={personId} deliveryId={delivery.id} />}
                  {mayAnswer && (
                    <Button
                      size="xs"
                      variant="default"
                      component={Link}
                      to="/enquetes/comptoir"
                      leftSection={<IconDeviceTablet size={14} />}
                    >
                      {t("births.survey.desk")}
                    </Button>
                  )}
                  {mayWriteBook && (
                    <SendPackButton
                      personId={personId}
                      documentIds={pack}
                      label={t("births.pack.postDelivery")}
                      icon={<IconMail size={14} />}
                    />
                  )}
                  {mayOfferGroup && <OfferGroupButton personId={personId} />}
                </Group>
              </Stack>
            </Paper>
          ))
        )}
      </Stack>
      <DischargeModal delivery={discharging} personId={personId} onClose={() => setDischarging(null)} />
      <GuestBookModal delivery={writing} personId={personId} onClose={() => setWriting(null)} />
    </Card>
  );
}

function DischargeModal({
  delivery,
  personId,
  onClose,
}: {
  delivery: Delivery | null;
  personId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={delivery !== null} onClose={onClose} title={t("births.discharge.title")}>
      {delivery && <DischargeForm delivery={delivery} personId={personId} onClose={onClose} />}
    </Modal>
  );
}

function DischargeForm({ delivery, personId, onClose }: { delivery: Delivery; personId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = todayIn(useTimeZone());
  const [day, setDay] = useState<string | null>(delivery.dischargedOn ?? today);
  const [error, setError] = useState("");
  const mutation = useMutation({
    mutationFn: () => dischargeDelivery(delivery.id, { version: delivery.version, dischargedOn: day as string }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: birthKeys.deliveries(personId) });
      notifySuccess(t("births.discharge.saved"));
      onClose();
    },
    onError: (e) => setError(splitApiError(e, (f) => f === "dischargedOn").fieldErrors.dischargedOn ?? ""),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!day) return setError(t("births.delivery.required"));
    mutation.reset();
    mutation.mutate();
  };
  const alert = mutation.error ? splitApiError(mutation.error, (f) => f === "dischargedOn").message : null;
  return (
    <form onSubmit={submit} noValidate aria-label={t("births.discharge.title")}>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? t("births.discharge.conflict") : alert}
          onReload={() => void queryClient.invalidateQueries({ queryKey: birthKeys.deliveries(personId) })}
        />
        <DateField
          label={t("births.delivery.dischargedOn")}
          value={day}
          onChange={(value) => {
            setDay(value);
            setError("");
          }}
          minDate={delivery.deliveredOn}
          maxDate={today}
          error={error || undefined}
          required
        />
        <Text size="sm" c="dimmed">
          {delivery.place === "nest" ? t("births.discharge.callHint") : t("births.discharge.elsewhereHint")}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("births.discharge.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function GuestBookModal({
  delivery,
  personId,
  onClose,
}: {
  delivery: Delivery | null;
  personId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={delivery !== null} onClose={onClose} title={t("births.guestBook.title")}>
      {delivery && <GuestBookForm delivery={delivery} personId={personId} onClose={onClose} />}
    </Modal>
  );
}

function GuestBookForm({ delivery, personId, onClose }: { delivery: Delivery; personId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [mayQuote, setMayQuote] = useState(false);
  const [error, setError] = useState("");
  const mutation = useMutation({
    mutationFn: () => addGuestBookEntry(delivery.id, { text: text.trim(), mayQuote }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: birthKeys.deliveries(personId) });
      notifySuccess(t("births.guestBook.saved"));
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setError(t("births.guestBook.required"));
    mutation.reset();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("births.guestBook.title")}>
      <Stack>
        <ErrorAlert error={mutation.error} />
        <Textarea
          label={t("births.guestBook.text")}
          autosize
          minRows={4}
          maxLength={GUEST_BOOK_MAX}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setError("");
          }}
          error={error || undefined}
          required
        />
        <Checkbox
          label={t("births.guestBook.mayQuote")}
          checked={mayQuote}
          onChange={(e) => setMayQuote(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("births.guestBook.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * « Enquête de sortie par SMS »: her personal link to the discharge survey (procedure 5: « une enquête de
 * satisfaction doit être remplie par la patiente à sa sortie »), after a confirmation.
 */
function DischargeSurveyLink({ personId, deliveryId }: { personId: string; deliveryId: string }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const send = useMutation({
    mutationFn: () =>
      sendSurveyLink({ personId, kind: "discharge", site: null, sourceType: "delivery", sourceId: deliveryId }),
    onSuccess: (sent) =>
      sent.sms.status === "skipped"
        ? notifyError(new Error(t("surveys.task.linkSkipped", { reason: sent.sms.reason ?? "" })))
        : notifySuccess(t("surveys.task.linkQueued", { until: formatDateTime(sent.expiresAt) })),
    onError: (error) => notifyError(error),
  });
  return (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconMessage size={14} />}
      loading={send.isPending}
      onClick={() =>
        modals.openConfirmModal({
          title: t("births.survey.sms"),
          children: <Text size="sm">{t("births.survey.confirm")}</Text>,
          labels: { confirm: t("births.survey.send"), cancel: t("common.cancel") },
          onConfirm: () => send.mutate(),
        })
      }
    >
      {t("births.survey.sms")}
    </Button>
  );
}

import {
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconArrowLeft, IconMessagePlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { LIMITS } from "../../../../shared/limits.ts";
import { can } from "../../../../shared/permissions.ts";
import {
  CALL_OUTCOME_VALUES,
  type Call,
  type CallOutcome,
  callKeys,
  fetchCall,
  isOpenLine,
  type UpdateCallInput,
  updateCall,
} from "../../api/calls.ts";
import { useUser } from "../../app/session.tsx";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, notifySuccess, PageLoader } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";
import { formatPhone } from "../../components/phone.ts";
import { LeaveMessageForm } from "../messages/LeaveMessageForm.tsx";
import { PersonPicker } from "./PersonPicker.tsx";
import { ResumeCallModal } from "./ResumeCallModal.tsx";
import { OpenBadge, OutcomeBadge, useActiveServices, useStaff } from "./shared.tsx";

interface Values {
  channel: "phone" | "visit";
  phone: string;
  callerName: string;
  transferredInServiceId: string | null;
  request: string;
  cameBefore: "yes" | "no" | "unknown";
  outcome: CallOutcome | null;
  transferServiceId: string | null;
  transferUserId: string | null;
  holdSeconds: number;
  person: Call["person"];
  notes: string;
}

const FIELDS = new Set([
  "channel",
  "phone",
  "callerName",
  "transferredInServiceId",
  "request",
  "cameBefore",
  "outcome",
  "transferServiceId",
  "transferUserId",
  "holdSeconds",
  "personId",
  "interactionId",
  "notes",
]);

function valuesOf(call: Call): Values {
  return {
    channel: call.channel,
    phone: call.phone ? formatPhone(call.phone) : "",
    callerName: call.callerName ?? "",
    transferredInServiceId: call.transferredInServiceId,
    request: call.request ?? "",
    cameBefore: call.cameBefore === null ? "unknown" : call.cameBefore ? "yes" : "no",
    outcome: call.outcome,
    transferServiceId: call.transferServiceId,
    transferUserId: call.transferUserId,
    holdSeconds: call.holdSeconds,
    person: call.person,
    notes: call.notes ?? "",
  };
}

/** What changed between the line as loaded and the form, as a PATCH body. */
function changesOf(call: Call, before: Values, after: Values): UpdateCallInput {
  const body: UpdateCallInput = { version: call.version };
  const text = (value: string) => value.trim() || null;
  if (after.channel !== before.channel) body.channel = after.channel;
  if (after.phone !== before.phone) body.phone = text(after.phone);
  if (after.callerName !== before.callerName) body.callerName = text(after.callerName);
  if (after.transferredInServiceId !== before.transferredInServiceId)
    body.transferredInServiceId = after.transferredInServiceId;
  if (after.request !== before.request) body.request = text(after.request);
  if (after.cameBefore !== before.cameBefore)
    body.cameBefore = after.cameBefore === "unknown" ? null : after.cameBefore === "yes";
  if (after.outcome !== before.outcome) body.outcome = after.outcome;
  if (after.transferServiceId !== before.transferServiceId) body.transferServiceId = after.transferServiceId;
  if (after.transferUserId !== before.transferUserId) body.transferUserId = after.transferUserId;
  if (after.holdSeconds !== before.holdSeconds) body.holdSeconds = after.holdSeconds;
  if (after.person?.id !== before.person?.id) body.personId = after.person?.id ?? null;
  if (after.notes !== before.notes) body.notes = text(after.notes);
  return body;
}

/**
 * One line of the register, to read and complete field by field (the
 * paper-notebook case: a line saved half-done is completed later).
 */
export function CallDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const call = useQuery({ queryKey: callKeys.one(id), queryFn: () => fetchCall(id) });
  if (call.isPending) return <PageLoader />;
  if (call.error || !call.data) return <ErrorAlert error={call.error} onRetry={() => void call.refetch()} />;
  return (
    <Stack>
      <Anchor component={Link} to={`/appels`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t("calls.detail.back")}
        </Group>
      </Anchor>
      {/* A key per version: a reload after a conflict, or a save, starts the form afresh. */}
      <CallForm key={`${call.data.id}-${call.data.version}`} call={call.data} />
    </Stack>
  );
}

function CallForm({ call }: { call: Call }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const mayWrite = can(useUser().role, "calls.write");
  const staff = useStaff();
  const services = useActiveServices();
  const initial = valuesOf(call);
  const { values, setField, errors, setErrors } = useFormState<Values>(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [resuming, setResuming] = useState<Call | null>(null);
  const [leavingMessage, setLeavingMessage] = useState(false);

  const serviceOptions = (services.data?.services ?? []).map((s) => ({ value: s.id, label: s.name }));
  const staffOptions = (staff.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName}` }));
  const reload = () => void queryClient.invalidateQueries({ queryKey: callKeys.all });

  const save = useMutation({
    mutationFn: () => updateCall(call.id, changesOf(call, initial, values)),
    onSuccess: async (saved) => {
      queryClient.setQueryData(callKeys.one(call.id), saved);
      await queryClient.invalidateQueries({ queryKey: callKeys.all });
      notifySuccess(t("calls.detail.saved"));
    },
    onError: (error) => {
      const split = splitApiError(error, (field) => FIELDS.has(field));
      setErrors(split.fieldErrors);
      setMessage(split.message);
    },
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{t("calls.detail.title", { at: formatDateTime(call.receivedAt) })}</Title>
          <Group gap="xs">
            <OutcomeBadge outcome={call.outcome} />
            <OpenBadge call={call} />
            <Text size="sm" c="dimmed">
              {t("calls.detail.answeredBy", { name: call.answeredBy?.name ?? "—" })}
            </Text>
            {call.closedAt && (
              <Text size="sm" c="dimmed">
                {t("calls.detail.closedAt", { at: formatDateTime(call.closedAt) })}
              </Text>
            )}
            {call.resumedAt && (
              <Text size="sm" c="dimmed">
                {t("calls.resumedOn", { at: formatDateTime(call.resumedAt), name: call.resumedBy?.name ?? "—" })}
              </Text>
            )}
          </Group>
        </Stack>
        {mayWrite && (
          <Group gap="xs">
            <Button component={Link} to={`/appels/${call.id}/ecran`} variant="default">
              {t("calls.detail.guidedScreen")}
            </Button>
            <Button
              variant="default"
              leftSection={<IconMessagePlus size={16} />}
              onClick={() => setLeavingMessage(true)}
            >
              {t("messages.leave")}
            </Button>
            {isOpenLine(call) && (
              <Button color="orange" variant="light" onClick={() => setResuming(call)}>
                {t("calls.resume")}
              </Button>
            )}
          </Group>
        )}
      </Group>

      <Card
        withBorder
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          setMessage(null);
          save.mutate();
        }}
      >
        <fieldset disabled={!mayWrite} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t("calls.detail.channel")}
                </Text>
                <SegmentedControl
                  value={values.channel}
                  onChange={(value) => setField("channel", value as Values["channel"])}
                  data={[
                    { value: "phone", label: t("calls.channel.phone") },
                    { value: "visit", label: t("calls.channel.visit") },
                  ]}
                />
              </Stack>
              <TextInput
                label={t("calls.detail.phone")}
                value={values.phone}
                onChange={(event) => setField("phone", event.currentTarget.value)}
                error={errors.phone}
                inputMode="tel"
              />
              <TextInput
                label={t("calls.detail.callerName")}
                value={values.callerName}
                onChange={(event) => setField("callerName", event.currentTarget.value)}
                error={errors.callerName}
                maxLength={LIMITS.nameMax * 2}
              />
              <Select
                label={t("calls.detail.transferredIn")}
                data={serviceOptions}
                value={values.transferredInServiceId}
                onChange={(value) => setField("transferredInServiceId", value)}
                error={errors.transferredInServiceId}
                clearable
              />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t("calls.detail.cameBefore")}
                </Text>
                <SegmentedControl
                  value={values.cameBefore}
                  onChange={(value) => setField("cameBefore", value as Values["cameBefore"])}
                  data={[
                    { value: "yes", label: t("calls.detail.yes") },
                    { value: "no", label: t("calls.detail.no") },
                    { value: "unknown", label: t("calls.detail.notAsked") },
                  ]}
                />
              </Stack>
              <PersonPicker
                value={values.person}
                onChange={(person) => setField("person", person)}
                error={errors.personId ?? errors.interactionId}
              />
            </SimpleGrid>
            <Textarea
              label={t("calls.detail.request")}
              value={values.request}
              onChange={(event) => setField("request", event.currentTarget.value)}
              error={errors.request}
              autosize
              minRows={2}
              maxLength={LIMITS.commentMax}
            />
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <Select
                label={t("calls.detail.outcome")}
                placeholder={t("calls.outcome.none")}
                data={CALL_OUTCOME_VALUES.map((value) => ({ value, label: t(`calls.outcome.${value}`) }))}
                value={values.outcome}
                onChange={(value) => setField("outcome", value as CallOutcome | null)}
                error={errors.outcome}
                clearable
              />
              <Select
                label={t("calls.detail.transferService")}
                data={serviceOptions}
                value={values.transferServiceId}
                onChange={(value) => setField("transferServiceId", value)}
                error={errors.transferServiceId}
                clearable
                searchable
              />
              <Select
                label={t("calls.detail.transferUser")}
                data={staffOptions}
                value={values.transferUserId}
                onChange={(value) => setField("transferUserId", value)}
                error={errors.transferUserId}
                clearable
                searchable
              />
              <NumberInput
                label={t("calls.detail.holdSeconds")}
                value={values.holdSeconds}
                onChange={(value) => setField("holdSeconds", typeof value === "number" ? value : 0)}
                error={errors.holdSeconds}
                min={0}
                max={86_400}
                allowDecimal={false}
              />
            </SimpleGrid>
            <Textarea
              label={t("calls.detail.notes")}
              value={values.notes}
              onChange={(event) => setField("notes", event.currentTarget.value)}
              error={errors.notes}
              autosize
              minRows={2}
              maxLength={LIMITS.notesMax}
            />
            <ErrorAlert error={save.error} message={message} onReload={reload} />
            {mayWrite && (
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  {t("common.save")}
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </Card>

      <ResumeCallModal call={resuming} onClose={() => setResuming(null)} />
      <Modal opened={leavingMessage} onClose={() => setLeavingMessage(false)} title={t("messages.leave")} size="lg">
        <LeaveMessageForm
          callId={call.id}
          callerName={call.callerName ?? (call.person ? `${call.person.lastName} ${call.person.firstName}` : undefined)}
          callerPhone={call.phone ?? undefined}
          personId={call.personId ?? undefined}
          onSaved={() => setLeavingMessage(false)}
        />
      </Modal>
    </Stack>
  );
}

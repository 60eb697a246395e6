import { Button, Checkbox, Group, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconPhoneOff } from "@tabler/icons-react";
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { CONSENT_CHANNELS, CONSENT_WORDINGS, type ConsentChannel } from "../../../../shared/consents.ts";
import type { ClinicService as Service, StaffMember } from "../../api/calls.ts";
import { LeaveMessageForm } from "../messages/LeaveMessageForm.tsx";
import { ColdProspectSentence } from "./ColdProspectSentence.tsx";
import { type CallOutcome, CLOSING_OUTCOMES } from "./callSteps.ts";
import { KeyHint } from "./KeyHint.tsx";
import { StepForm, submitOnEnter } from "./StepForm.tsx";
import { closingSentence, transferTarget } from "./sentences.ts";

export interface ClosingDraft {
  outcome: CallOutcome;
  transferServiceId: string;
  transferUserId: string;
  /** The channels she agreed to receive the newsletters by (consent register, source call); none: not asked. */
  newsletterChannels: ConsentChannel[];
}

/** Field names of the API that this step shows. */
export const CLOSING_FIELDS = new Set([
  "outcome",
  "transferServiceId",
  "transferUserId",
  "notes",
  "newsletterChannels",
]);

const CHANNEL_LABEL_KEYS = {
  email: "callScreen.closing.newsletterEmail",
  sms: "callScreen.closing.newsletterSms",
  whatsapp: "callScreen.closing.newsletterWhatsapp",
} as const satisfies Record<ConsentChannel, string>;

/**
 * Step 6: the outcome of the call (procedure 3) and the closing formula of
 * procedure 1: « Merci Madame (Nom du prospect) Et à très bientôt ! Au revoir. »
 * With a cold prospect, procedure 4's links and invitation come first.
 */
export function ClosingStep({
  callId,
  lastName,
  callerName,
  callerPhone,
  personId,
  coldProspect,
  draft,
  onDraftChange,
  services,
  staff,
  errors,
  saving,
  onClose,
}: {
  callId: string | undefined;
  lastName: string | null;
  callerName: string | undefined;
  callerPhone: string | undefined;
  personId: string | undefined;
  /** The record is a cold prospect: the links of procedure 4 come before the closing formula. */
  coldProspect: boolean;
  draft: ClosingDraft;
  onDraftChange(draft: ClosingDraft): void;
  services: Service[];
  staff: StaffMember[];
  errors: Record<string, string>;
  saving: boolean;
  onClose(outcome: CallOutcome): void;
}) {
  const { t } = useTranslation();
  const service = services.find((s) => s.id === draft.transferServiceId) ?? null;
  const member = staff.find((u) => u.id === draft.transferUserId) ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onClose(draft.outcome);
  };

  return (
    <StepForm title={t("callScreen.steps.closing")}>
      {coldProspect && <ColdProspectSentence />}
      <Paper p="md" bg="teal.0" withBorder>
        <Text size="xl" fw={700} c="teal.9" aria-label={t("callScreen.closing.sentenceLabel")}>
          « {closingSentence(t, lastName)} »
        </Text>
      </Paper>

      <form
        id="call-closing-form"
        onSubmit={submit}
        noValidate
        // Enter on a choice or a list goes on, as in a text field.
        onKeyDown={submitOnEnter}
      >
        <Stack gap="md">
          <Radio.Group
            label={t("callScreen.closing.outcome")}
            value={draft.outcome}
            onChange={(value) => onDraftChange({ ...draft, outcome: value as CallOutcome })}
            error={errors.outcome}
          >
            <Stack gap="xs" mt="xs">
              {CLOSING_OUTCOMES.map((outcome) => (
                <Radio
                  key={outcome}
                  value={outcome}
                  label={t(`callScreen.closing.outcomes.${outcome}`)}
                  description={t(`callScreen.closing.outcomeHelp.${outcome}`)}
                  data-autofocus={outcome === draft.outcome ? true : undefined}
                />
              ))}
            </Stack>
          </Radio.Group>

          {draft.outcome === "transferred" && (
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Text size="lg" fs="italic" fw={600}>
                  « {t("callScreen.closing.transferSentence", { target: transferTarget(t, service, member) })} »
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <NativeSelect
                    label={t("callScreen.closing.transferServiceLabel")}
                    data={[
                      { value: "", label: t("callScreen.closing.none") },
                      ...services.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name })),
                    ]}
                    value={draft.transferServiceId}
                    onChange={(event) => onDraftChange({ ...draft, transferServiceId: event.currentTarget.value })}
                    error={errors.transferServiceId}
                  />
                  <NativeSelect
                    label={t("callScreen.closing.transferUser")}
                    data={[
                      { value: "", label: t("callScreen.closing.none") },
                      ...staff.map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName}` })),
                    ]}
                    value={draft.transferUserId}
                    onChange={(event) => onDraftChange({ ...draft, transferUserId: event.currentTarget.value })}
                    error={errors.transferUserId}
                  />
                </SimpleGrid>
              </Stack>
            </Paper>
          )}

          {personId && (
            <Checkbox.Group
              label={t("callScreen.closing.newsletterConsent")}
              description={`${t("callScreen.closing.newsletterConsentHelp")} « ${CONSENT_WORDINGS.newsletter} »`}
              value={draft.newsletterChannels}
              onChange={(value) => onDraftChange({ ...draft, newsletterChannels: value as ConsentChannel[] })}
              error={errors.newsletterChannels}
            >
              <Group gap="md" mt={6}>
                {CONSENT_CHANNELS.map((channel) => (
                  <Checkbox key={channel} value={channel} label={t(CHANNEL_LABEL_KEYS[channel])} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
        </Stack>
      </form>

      {draft.outcome === "message_left" && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Text fw={600}>{t("callScreen.closing.messageHelp")}</Text>
            <LeaveMessageForm
              callId={callId}
              callerName={callerName}
              callerPhone={callerPhone}
              personId={personId}
              onSaved={() => onClose("message_left")}
            />
          </Stack>
        </Paper>
      )}

      <Group>
        <Button
          type="submit"
          form="call-closing-form"
          size="md"
          color={draft.outcome === "answered" || draft.outcome === "transferred" ? "teal" : "orange"}
          leftSection={<IconPhoneOff size={18} />}
          rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}
          loading={saving}
        >
          {t("callScreen.closing.submit")}
        </Button>
      </Group>
    </StepForm>
  );
}

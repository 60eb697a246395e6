import { Alert, Button, Chip, Group, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { createInteraction, queryKeys } from "../../api/endpoints.ts";
import type { Interaction, Person } from "../../api/types.ts";
import { ErrorAlert } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { useListOptions } from "../../components/settingsLabels.ts";
import type { CallChannel } from "./callSteps.ts";
import { KeyHint } from "./KeyHint.tsx";
import { StepForm } from "./StepForm.tsx";

/** The motive procedure 1 asks for, by channel (codes of settings.interactionMotives). */
export const MOTIVE_OF_CHANNEL: Record<CallChannel, string> = {
  phone: "phone_information",
  visit: "visit_information",
};

export interface InteractionDraft {
  motive: string;
  requestTypes: string[];
  comment: string;
}

const FIELDS = new Set(["motive", "requestTypes", "comment"]);
const fieldOf = (field: string) => field.split(".")[0] ?? field;

/**
 * Step 4: « Renseigner […] dans le CRM le détail de l'interaction dans la fiche
 * patient en précisant en motif d'interaction : « présentation Physique – demande
 * d'informations/tarifs » ou « appel téléphonique – demande d'informations/tarifs » ».
 */
export function InteractionStep({
  channel,
  person,
  recorded,
  draft,
  onDraftChange,
  onRecorded,
  onContinue,
  onIdentify,
}: {
  channel: CallChannel;
  person: Person | null;
  /** The line already has its interaction. */
  recorded: boolean;
  draft: InteractionDraft;
  onDraftChange(draft: InteractionDraft): void;
  onRecorded(interaction: Interaction): Promise<void>;
  onContinue(): void;
  onIdentify(): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { motives, requestTypes } = useListOptions();

  const mutation = useMutation({
    mutationFn: (target: Person) =>
      createInteraction(target.kind, target.id, {
        channel: channel === "phone" ? "phone_in" : "visit",
        motive: draft.motive || null,
        requestTypes: draft.requestTypes,
        comment: draft.comment.trim() || null,
      }),
    onSuccess: async (interaction, target) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.interactions(target.kind, target.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.people }),
      ]);
      await onRecorded(interaction);
    },
  });
  const split = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f), fieldOf) : null;

  if (!person) {
    return (
      <StepForm title={t("callScreen.steps.interaction")} onSubmit={onIdentify}>
        <Alert color="orange">{t("callScreen.interaction.identifyFirst")}</Alert>
        <Group>
          <Button type="submit" data-autofocus>
            {t("callScreen.interaction.goIdentify")}
          </Button>
        </Group>
      </StepForm>
    );
  }

  if (recorded) {
    return (
      <StepForm title={t("callScreen.steps.interaction")} onSubmit={onContinue}>
        <Alert color="teal" icon={<IconCheck size={18} />}>
          {t("callScreen.interaction.recorded", { name: `${person.lastName} ${person.firstName}` })}
        </Alert>
        <Group>
          <Button type="submit" data-autofocus rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}>
            {t("callScreen.continue")}
          </Button>
        </Group>
      </StepForm>
    );
  }

  return (
    <StepForm
      title={t("callScreen.steps.interaction")}
      onSubmit={() => {
        mutation.reset();
        mutation.mutate(person);
      }}
    >
      <Text>{t("callScreen.interaction.intro", { name: `${person.lastName} ${person.firstName}` })}</Text>
      {split?.message && <ErrorAlert error={mutation.error} message={split.message} />}
      <NativeSelect
        label={t("people.interaction.motive")}
        data-autofocus
        data={[{ value: "", label: t("people.interaction.noMotive") }, ...motives]}
        value={draft.motive}
        onChange={(event) => onDraftChange({ ...draft, motive: event.currentTarget.value })}
        error={split?.fieldErrors.motive}
      />
      <Stack gap={6}>
        <Text size="sm" fw={500} id="call-request-types">
          {t("people.interaction.requestTypes")}
        </Text>
        <Chip.Group
          multiple
          value={draft.requestTypes}
          onChange={(value) => onDraftChange({ ...draft, requestTypes: value })}
        >
          <Group gap="xs" role="group" aria-labelledby="call-request-types">
            {requestTypes.map((type) => (
              <Chip key={type.value} value={type.value} variant="outline">
                {type.label}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {split?.fieldErrors.requestTypes && (
          <Text size="sm" c="red">
            {split.fieldErrors.requestTypes}
          </Text>
        )}
      </Stack>
      <Textarea
        label={t("people.interaction.comment")}
        description={t("callScreen.interaction.commentHelp")}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={LIMITS.commentMax}
        value={draft.comment}
        onChange={(event) => onDraftChange({ ...draft, comment: event.currentTarget.value })}
        error={split?.fieldErrors.comment}
        data-enter-submits
      />
      <Group>
        <Button
          type="submit"
          loading={mutation.isPending}
          rightSection={<KeyHint>{t("callScreen.keys.enter")}</KeyHint>}
        >
          {t("callScreen.interaction.submit")}
        </Button>
      </Group>
    </StepForm>
  );
}

import { Button, Grid, Group, Stack } from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Campaign, campaignKeys, updateCampaign } from "../../api/campaigns.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError } from "../../components/form.ts";
import { AudiencePanel } from "./AudiencePanel.tsx";
import { Composer } from "./Composer.tsx";
import { type CampaignFormValues, formValuesOf, inputOf, isDirty } from "./campaignForm.ts";
import { withConflictMessage } from "./conflict.ts";
import { LeaveGuard } from "./LeaveGuard.tsx";
import { PasteTextPanel } from "./PasteTextPanel.tsx";
import { SendPanel } from "./SendPanel.tsx";

const FIELDS = new Set([
  "name",
  "purpose",
  "channels",
  "segmentId",
  "emailSubject",
  "emailMarkdown",
  "emailDocumentIds",
  "smsText",
  "trackClicks",
]);

/**
 * A draft or scheduled campaign: the composer on the left, its audience, sending and the mothers' group
 * text on the right. Each save is a new version; a save over someone else's change is refused (409).
 */
export function CampaignEditor({ campaign, onReload }: { campaign: Campaign; onReload: () => Promise<Campaign> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The version the values were started from: the one a save sends, so another user's change is never overwritten.
  const [origin, setOrigin] = useState(campaign);
  const [values, setValues] = useState<CampaignFormValues>(() => formValuesOf(campaign));
  if (campaign.version !== origin.version && !isDirty(values, origin)) {
    // A newer version arrived (a reload, a send from another tab) and nothing is being typed: the form follows.
    setOrigin(campaign);
    setValues(formValuesOf(campaign));
  }
  const dirty = isDirty(values, origin);

  const save = useMutation({
    mutationFn: (sent: CampaignFormValues) =>
      updateCampaign(campaign.id, { version: origin.version, ...inputOf(sent) }),
    onSuccess: async (updated, sent) => {
      queryClient.setQueryData(campaignKeys.one(campaign.id), updated);
      setOrigin(updated);
      // Nothing typed meanwhile: the form takes the saved values (trimmed by the server), so it is not left « changed ».
      setValues((current) => (current === sent ? formValuesOf(updated) : current));
      notifySuccess(t("campaigns.form.saved"));
      await queryClient.invalidateQueries({ queryKey: campaignKeys.list() });
    },
  });
  const split = save.error ? splitApiError(save.error, (field) => FIELDS.has(field)) : null;
  const errors = split?.fieldErrors ?? {};

  const reload = async () => {
    const fresh = await onReload();
    save.reset();
    setOrigin(fresh);
    setValues(formValuesOf(fresh));
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(values);
          }}
        >
          <Stack>
            <Composer
              campaignId={campaign.id}
              version={origin.version}
              values={values}
              onChange={(change) => setValues((current) => ({ ...current, ...change }))}
              errors={errors}
              dirty={dirty}
              onPreviewOpen={() => {
                if (dirty && !save.isPending) save.mutate(values);
              }}
            />
            <ErrorAlert
              error={withConflictMessage(save.error)}
              message={split && !isVersionConflict(save.error) ? split.message : undefined}
              onReload={() => void reload()}
            />
            <Group justify="flex-end">
              <Button
                type="submit"
                leftSection={<IconDeviceFloppy size={16} />}
                loading={save.isPending}
                disabled={!dirty}
              >
                {t("common.save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack>
          <SendPanel campaign={origin} dirty={dirty} onReload={() => void reload()} />
          <AudiencePanel campaign={origin} dirty={dirty} />
          <PasteTextPanel campaign={origin} />
        </Stack>
      </Grid.Col>
      <LeaveGuard dirty={dirty && !save.isPending} />
    </Grid>
  );
}

// Outside the app's shell (full screen): its styles and texts, as AppLayout loads them.
import "../../styles/signed-in.css";
import "../../i18n/signed-in.ts";
import { Alert, Anchor, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { SURVEY_KINDS, type SurveyKind } from "../../../../shared/surveys.ts";
import { useSettingsQuery } from "../../components/datetime.ts";
import { SurveyForm } from "./SurveyForm.tsx";

/**
 * The desk's tablet (DESIGN §2): a member of staff, signed in, picks the survey and the site, then
 * hands the tablet to the patient; the blank questionnaire comes back after each answer. At the desk
 * nobody is named: the answers are anonymous. Full screen, without the app's navigation (the patient
 * holds a signed-in tablet); leaving asks for a confirmation.
 */
export function DeskSurveyPage() {
  const { t } = useTranslation();
  const { data: settings } = useSettingsQuery();
  const sites = settings?.settings.sites ?? [];
  const [kind, setKind] = useState<SurveyKind>("discharge");
  const [site, setSite] = useState<string | null>(null);
  const [answered, setAnswered] = useState(0);
  const chosenSite = site ?? sites[0]?.code ?? null;
  const navigate = useNavigate();
  const leave = () =>
    modals.openConfirmModal({
      title: t("surveys.desk.leave"),
      children: <Text size="sm">{t("surveys.desk.leaveConfirm")}</Text>,
      labels: { confirm: t("surveys.desk.leave"), cancel: t("common.cancel") },
      onConfirm: () => navigate("/"),
    });
  return (
    <Stack maw={760} mx="auto" p="md">
      <Group justify="space-between">
        <Title order={1}>{t("surveys.desk.title")}</Title>
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={leave}>
          {t("surveys.desk.leave")}
        </Anchor>
      </Group>
      <Paper withBorder p="sm">
        <Group align="flex-end">
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value as SurveyKind)}
            data={SURVEY_KINDS.map((k) => ({ value: k, label: t(`surveys.kinds.${k}`) }))}
          />
          {sites.length > 1 && (
            <Select
              label={t("surveys.desk.site")}
              data={sites.map((s) => ({ value: s.code, label: s.name }))}
              value={chosenSite}
              onChange={setSite}
              allowDeselect={false}
              w={220}
            />
          )}
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          {t("surveys.desk.help")}
        </Text>
      </Paper>
      {answered > 0 && (
        <Alert color="green" variant="light" data-testid="desk-thanks">
          {t("surveys.desk.thanks")}
        </Alert>
      )}
      <Paper withBorder p="lg">
        <SurveyForm
          key={`${kind}-${answered}`}
          kind={kind}
          channel="desk"
          site={chosenSite}
          large
          onSaved={() => {
            setAnswered((n) => n + 1);
            window.scrollTo({ top: 0 });
          }}
        />
      </Paper>
    </Stack>
  );
}

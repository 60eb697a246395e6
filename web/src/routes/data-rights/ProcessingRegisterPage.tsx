import { Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconFileTypePdf } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { can } from "../../../../shared/permissions.ts";
import {
  dataRightsKeys,
  getProcessingRegister,
  type ProcessingRegister,
  REGISTER_PDF_URL,
} from "../../api/data-rights.ts";
import { useUser } from "../../app/session.tsx";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { RetentionCard } from "./RetentionCard.tsx";

/**
 * The « Registre des traitements » (loi 2008-12), generated from the settings: who is responsible, whom to
 * ask, and for each processing its purpose, legal basis, data, people, recipients, retention and security.
 */
export function ProcessingRegisterPage() {
  const { t } = useTranslation();
  const user = useUser();
  const register = useQuery({
    queryKey: dataRightsKeys.register,
    queryFn: ({ signal }) => getProcessingRegister(signal),
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Title order={1}>{t("dataRights.title")}</Title>
        <Button component="a" href={REGISTER_PDF_URL} download leftSection={<IconFileTypePdf size={16} />}>
          {t("dataRights.download")}
        </Button>
      </Group>
      <Text c="dimmed">{t("dataRights.intro")}</Text>
      {register.isPending && <PageLoader />}
      {register.isError && <ErrorAlert error={register.error} onRetry={() => register.refetch()} />}
      {register.data && <RegisterView register={register.data} />}
      <RetentionCard mayRun={can(user.role, "settings.write")} />
    </Stack>
  );
}

function RegisterView({ register }: { register: ProcessingRegister }) {
  const { t } = useTranslation();
  const orUnset = (value: string) => value || t("dataRights.notSet");
  return (
    <Stack>
      <Card withBorder padding="md" radius="md" component="section" aria-label={register.clinicName}>
        <Title order={2} size="h4">
          {register.clinicName}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
          <Field label={t("dataRights.controller")} value={orUnset(register.controllerName)} />
          <Field label={t("dataRights.privacyContact")} value={orUnset(register.privacyContact)} />
          <Field label={t("dataRights.cdpReference")} value={orUnset(register.cdpReference)} />
          <Field label={t("dataRights.sites")} value={register.sites.map((s) => s.name).join(", ")} />
          <Field label={t("dataRights.smsProvider")} value={register.smsProvider} />
          <Field
            label={t("dataRights.mailServer")}
            value={register.mailServerConfigured ? t("dataRights.mailConfigured") : t("dataRights.mailNotConfigured")}
          />
        </SimpleGrid>
        <Text size="sm" mt="xs">
          {t("dataRights.retentionYears", { count: register.prospectRetentionYears })}
        </Text>
      </Card>
      {register.processings.map((p) => (
        <Card key={p.code} withBorder padding="md" radius="md" component="section" aria-label={p.name}>
          <Title order={2} size="h4">
            {p.name}
          </Title>
          <Stack gap={6} mt="xs">
            <Field label={t("dataRights.purpose")} value={p.purpose} />
            <Field label={t("dataRights.legalBasis")} value={p.legalBasis} />
            <Items label={t("dataRights.dataCategories")} items={p.dataCategories} />
            <Items label={t("dataRights.dataSubjects")} items={p.dataSubjects} />
            <Items label={t("dataRights.recipients")} items={p.recipients} />
            <Field label={t("dataRights.retention")} value={p.retention} />
            <Items label={t("dataRights.security")} items={p.security} />
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label} :{" "}
      </Text>
      {value}
    </Text>
  );
}

function Items({ label, items }: { label: string; items: string[] }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label} :
      </Text>
      <List size="sm" withPadding>
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </div>
  );
}

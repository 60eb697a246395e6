import { Alert, Badge, Button, Code, Group, Modal, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../../shared/limits.ts";
import type { Role } from "../../../../../shared/roles.ts";
import { createApiKey, listApiKeys, queryKeys, revokeApiKey } from "../../../api/endpoints.ts";
import type { ApiKey, CreatedApiKey } from "../../../api/types.ts";
import { CopyField } from "../../../components/CopyField.tsx";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { ErrorAlert, notifyError, notifySuccess } from "../../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../../components/form.ts";
import { QueryTable } from "../../../components/QueryTable.tsx";
import { RoleSelect, useRoleLabel } from "../../../components/RoleSelect.tsx";

export function ApiKeysPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const roleLabel = useRoleLabel();
  const keys = useQuery({ queryKey: queryKeys.apiKeys, queryFn: listApiKeys });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const revoke = useMutation({
    mutationFn: (key: ApiKey) => revokeApiKey(key.id),
    onSuccess: async (_revoked, key) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
      notifySuccess(t("apiKeys.revoked", { name: key.name }));
    },
    onError: async (error) => {
      notifyError(error);
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
  });

  const confirmRevoke = (key: ApiKey) =>
    modals.openConfirmModal({
      title: t("apiKeys.revokeTitle"),
      children: <Text size="sm">{t("apiKeys.revokeText", { name: key.name })}</Text>,
      labels: { confirm: t("apiKeys.revoke"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => revoke.mutate(key),
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("apiKeys.title")}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t("apiKeys.new")}
        </Button>
      </Group>
      <Text c="dimmed" maw={760}>
        {t("apiKeys.intro")}
      </Text>

      <QueryTable
        state={keys}
        rows={keys.data}
        minWidth={860}
        verticalSpacing="sm"
        headers={[
          t("apiKeys.name"),
          t("apiKeys.role"),
          t("apiKeys.prefix"),
          t("apiKeys.createdAt"),
          t("apiKeys.lastUsedAt"),
          t("apiKeys.status"),
          t("common.actions"),
        ]}
        empty={t("apiKeys.empty")}
        rowKey={(key) => key.id}
        renderRow={(key) => (
          <>
            <Table.Td>{key.name}</Table.Td>
            <Table.Td>{roleLabel(key.role)}</Table.Td>
            <Table.Td>
              <Code>{key.tokenPrefix}…</Code>
            </Table.Td>
            <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
            <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t("common.never")}</Table.Td>
            <Table.Td>
              {key.revokedAt ? (
                <Stack gap={2} align="flex-start">
                  <Badge color="gray" variant="light" tt="none">
                    {t("apiKeys.revokedBadge")}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t("apiKeys.revokedOn", { date: formatDateTime(key.revokedAt) })}
                  </Text>
                </Stack>
              ) : (
                <Badge color="teal" variant="light" tt="none">
                  {t("apiKeys.active")}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {!key.revokedAt && (
                <Button size="compact-sm" variant="light" color="red" onClick={() => confirmRevoke(key)}>
                  {t("apiKeys.revoke")}
                </Button>
              )}
            </Table.Td>
          </>
        )}
      />

      <Modal opened={creating} onClose={() => setCreating(false)} title={t("apiKeys.createTitle")}>
        <CreateApiKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
          }}
        />
      </Modal>
      <TokenModal created={created} onClose={() => setCreated(null)} />
    </Stack>
  );
}

const FIELDS = new Set(["name", "role"]);

function CreateApiKeyForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (created: CreatedApiKey) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<{ name: string; role: Role }>({ name: "", role: "viewer" });
  const mutation = useMutation({
    mutationFn: createApiKey,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
      onCreated(result);
    },
    onError: (error) => form.setErrors(splitApiError(error, (field) => FIELDS.has(field)).fieldErrors),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.values.name.trim()) {
      form.setErrors({ name: t("form.required") });
      return;
    }
    mutation.reset();
    mutation.mutate({ name: form.values.name.trim(), role: form.values.role });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={mutation.error ? splitApiError(mutation.error, (field) => FIELDS.has(field)).message : null}
        />
        <TextInput
          label={t("apiKeys.name")}
          description={t("apiKeys.nameHelp")}
          required
          maxLength={LIMITS.apiKeyNameMax}
          data-autofocus
          {...form.textProps("name")}
        />
        <RoleSelect
          label={t("apiKeys.role")}
          description={t("apiKeys.roleHelp")}
          required
          value={form.values.role}
          onChange={(role) => form.setField("role", role)}
          error={form.errors.role}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("apiKeys.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The token, shown once: it is not stored in clear and cannot be displayed again. */
function TokenModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(created);
  if (created && created !== shown) setShown(created);
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title={t("apiKeys.tokenTitle")}
      size="lg"
      closeOnClickOutside={false}
    >
      {shown && (
        <Stack>
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
            {t("apiKeys.tokenWarning")}
          </Alert>
          <Text size="sm">{t("apiKeys.tokenFor", { name: shown.apiKey.name })}</Text>
          <CopyField label={t("apiKeys.token")} value={shown.token} />
          <Text size="sm" c="dimmed">
            {t("apiKeys.tokenUsage")}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t("apiKeys.tokenDone")}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

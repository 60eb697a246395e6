import {
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconDownload, IconEdit, IconEye, IconEyeOff, IconUpload } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { queryKeys } from "../../api/endpoints.ts";
import {
  documentFileUrl,
  type LibraryDocument,
  listDocuments,
  mailKeys,
  updateDocument,
  uploadDocument,
} from "../../api/mail.ts";
import type { Session } from "../../api/types.ts";
import { useFormatDateTime } from "../../components/datetime.ts";
import { ErrorAlert, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";
import { formatPercent } from "../../components/percent.ts";
import { QueryTable } from "../../components/QueryTable.tsx";

/** As the server checks them (server/modules/documents/document.schema.ts); kept here so zod stays out of the page. */
const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const DOCUMENT_NAME_MAX = 200;
const DOCUMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx";

/** "1,2 Mo", "350 ko". */
export function formatSize(bytes: number): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat("fr-FR", { maximumFractionDigits: digits }).format(value);
  if (bytes >= 1024 * 1024) return `${number(bytes / (1024 * 1024), 1)} Mo`;
  return `${number(Math.max(1, Math.round(bytes / 1024)), 0)} ko`;
}

/** Administration → Documentation: the files staff send (brochure, Programme NEST flyer…). */
export function DocumentsAdminPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const documents = useQuery({ queryKey: mailKeys.documentList(undefined), queryFn: () => listDocuments() });
  const [renaming, setRenaming] = useState<LibraryDocument | null>(null);

  const toggle = useMutation({
    mutationFn: (doc: LibraryDocument) => updateDocument(doc.id, { version: doc.version, active: !doc.active }),
    onSuccess: async (doc) => {
      await queryClient.invalidateQueries({ queryKey: mailKeys.documents });
      notifySuccess(t(doc.active ? "library.reactivated" : "library.deactivated", { name: doc.name }));
    },
    onError: (error) => notifyError(error, () => void queryClient.invalidateQueries({ queryKey: mailKeys.documents })),
  });

  const confirmDeactivate = (doc: LibraryDocument) =>
    modals.openConfirmModal({
      title: t("library.deactivateTitle"),
      children: <Text size="sm">{t("library.deactivateText", { name: doc.name })}</Text>,
      labels: { confirm: t("library.deactivate"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => toggle.mutate(doc),
    });

  return (
    <Stack>
      <Title order={1}>{t("library.title")}</Title>
      <Text c="dimmed" maw={760}>
        {t("library.intro")}
      </Text>
      <UploadForm />
      <QueryTable
        state={documents}
        rows={documents.data?.items}
        minWidth={900}
        headers={[
          t("library.name"),
          t("library.file"),
          t("library.size"),
          t("library.uploadedAt"),
          t("library.state"),
          t("common.actions"),
        ]}
        empty={t("library.empty")}
        rowKey={(doc) => doc.id}
        renderRow={(doc) => (
          <>
            <Table.Td>
              <Text fw={600} size="sm" c={doc.active ? undefined : "dimmed"}>
                {doc.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Anchor href={documentFileUrl(doc.id)} size="sm" download={doc.fileName}>
                <Group gap={4} wrap="nowrap">
                  <IconDownload size={14} aria-hidden />
                  {doc.fileName}
                </Group>
              </Anchor>
            </Table.Td>
            <Table.Td>{formatSize(doc.sizeBytes)}</Table.Td>
            <Table.Td>
              <Text size="sm">{formatDateTime(doc.uploadedAt)}</Text>
              {doc.uploadedBy && (
                <Text size="xs" c="dimmed">
                  {doc.uploadedBy}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge color={doc.active ? "teal" : "gray"} variant="light" tt="none">
                {t(doc.active ? "library.active" : "library.inactive")}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconEdit size={14} />}
                  onClick={() => setRenaming(doc)}
                >
                  {t("library.rename")}
                </Button>
                {doc.active ? (
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    leftSection={<IconEyeOff size={14} />}
                    onClick={() => confirmDeactivate(doc)}
                  >
                    {t("library.deactivate")}
                  </Button>
                ) : (
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconEye size={14} />}
                    loading={toggle.isPending && toggle.variables?.id === doc.id}
                    onClick={() => toggle.mutate(doc)}
                  >
                    {t("library.reactivate")}
                  </Button>
                )}
              </Group>
            </Table.Td>
          </>
        )}
      />
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={t("library.renameTitle")}>
        {renaming && <RenameForm document={renaming} onDone={() => setRenaming(null)} />}
      </Modal>
    </Stack>
  );
}

const UPLOAD_FIELDS = new Set(["name", "file"]);

function UploadForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<{ name: string; file: File | null }>({ name: "", file: null });
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (input: { name: string; file: File }) => {
      const session = queryClient.getQueryData<Session | null>(queryKeys.session);
      setProgress(0);
      return uploadDocument({ ...input, csrfToken: session?.csrfToken ?? null }, setProgress);
    },
    onSuccess: async (doc) => {
      await queryClient.invalidateQueries({ queryKey: mailKeys.documents });
      form.reset({ name: "", file: null });
      notifySuccess(t("library.uploaded", { name: doc.name }));
    },
    onError: (error) => {
      const { fieldErrors, message: rest } = splitApiError(error, (field) => UPLOAD_FIELDS.has(field));
      form.setErrors(fieldErrors);
      setMessage(rest);
    },
    onSettled: () => setProgress(null),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const file = form.values.file;
    if (!file) {
      form.setErrors({ file: t("library.fileRequired") });
      return;
    }
    if (file.size > DOCUMENT_MAX_BYTES) {
      form.setErrors({ file: t("library.tooLarge") });
      return;
    }
    upload.mutate({ name: form.values.name.trim(), file });
  };

  return (
    <Card withBorder maw={760} component="form" onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h4">
          {t("library.add")}
        </Title>
        <Group align="flex-start" grow>
          <TextInput
            label={t("library.name")}
            description={t("library.nameHint")}
            maxLength={DOCUMENT_NAME_MAX}
            {...form.textProps("name")}
          />
          <FileInput
            label={t("library.file")}
            description={t("library.fileHint")}
            placeholder={t("library.choose")}
            accept={DOCUMENT_ACCEPT}
            value={form.values.file}
            onChange={(file) => {
              form.setField("file", file);
              // Named after the file unless a name was typed.
              if (file && !form.values.name.trim()) form.setField("name", file.name.replace(/\.[^.]*$/, ""));
            }}
            error={form.errors.file}
            clearable
            required
          />
        </Group>
        {progress !== null && (
          <Stack gap={4}>
            <Progress value={Math.round(progress * 100)} animated aria-label={t("library.progress")} />
            <Text size="xs" c="dimmed">
              {progress < 1 ? t("library.sending", { percent: formatPercent(progress) }) : t("library.processing")}
            </Text>
          </Stack>
        )}
        <ErrorAlert message={message} />
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconUpload size={16} />} loading={upload.isPending}>
            {t("library.upload")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function RenameForm({ document, onDone }: { document: LibraryDocument; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState({ name: document.name });
  const [error, setError] = useState<unknown>(null);
  const rename = useMutation({
    mutationFn: (name: string) => updateDocument(document.id, { version: document.version, name }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: mailKeys.documents });
      onDone();
    },
    onError: (e) => {
      const { fieldErrors, message } = splitApiError(e, (field) => field === "name");
      form.setErrors(fieldErrors);
      setError(message ? e : null);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.values.name.trim()) {
      form.setErrors({ name: t("form.required") });
      return;
    }
    rename.mutate(form.values.name.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t("library.name")} maxLength={DOCUMENT_NAME_MAX} data-autofocus {...form.textProps("name")} />
        <ErrorAlert
          error={error}
          onReload={async () => {
            await queryClient.invalidateQueries({ queryKey: mailKeys.documents });
            onDone();
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={rename.isPending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

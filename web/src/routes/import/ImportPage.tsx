import {
  Alert,
  Anchor,
  Button,
  Code,
  FileInput,
  Group,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconDownload, IconFileSpreadsheet, IconFileUpload, IconListCheck } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { neutraliseFormula } from "../../../../shared/csv-safe.ts";
import { LIMITS } from "../../../../shared/limits.ts";
import { ApiError } from "../../api/client.ts";
import { importErrorsCsv, importFile, queryKeys } from "../../api/endpoints.ts";
import type { ImportProgress, ImportReport, PersonKind } from "../../api/types.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";

/** The columns each kind of file must have (DESIGN §5), and the optional ones. */
const COLUMNS: Record<PersonKind, { required: string[]; optional: string[] }> = {
  prospect: {
    required: ["nom", "prenom", "telephone", "date_naissance", "date_creation", "temperature"],
    optional: ["origine", "email"],
  },
  patient: {
    required: ["numero_dossier", "nom", "prenom", "date_creation"],
    optional: ["telephone", "date_naissance", "email"],
  },
};

const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Refused rows shown on the page; all of them are in the downloadable CSV. */
const SHOWN_ERRORS = 200;

type Mode = "check" | "import";

/** "16 Mo", "1,5 Mo", "320 ko". */
function formatSize(bytes: number, language: string): string {
  const number = (value: number) => value.toLocaleString(language, { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${number(bytes / (1024 * 1024))} ${language === "fr" ? "Mo" : "MB"}`;
  return `${number(Math.max(1, Math.round(bytes / 1024)))} ${language === "fr" ? "ko" : "KB"}`;
}

/**
 * "Import": the legacy prospect tracking table or an EHR patient export (CSV or XLSX). The file is first
 * checked (a dry run: what would be created, updated, refused), then imported once confirmed, each step
 * with a progress bar fed by the server's NDJSON lines.
 */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<PersonKind>("prospect");
  const [file, setFile] = useState<File | null>(null);
  const [running, setRunning] = useState<{ mode: Mode; progress: ImportProgress | null } | null>(null);
  /** The dry run of the current kind and file: "Importer" is offered only after it. */
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** One request at a time, whatever the clicks (double clicks, a confirm clicked twice). */
  const busy = useRef(false);
  /** The confirmation is open: a double click on "Importer" asks once. */
  const confirming = useRef(false);

  const restart = () => {
    setChecked(null);
    setImported(null);
    setError(null);
  };

  const run = async (mode: Mode) => {
    if (busy.current || !file) return;
    if (mode === "import" && !checked) return;
    busy.current = true;
    setError(null);
    if (mode === "check") {
      setChecked(null);
      setImported(null);
    }
    if (file.size > LIMITS.importFileBytes) {
      setError(
        new ApiError(
          413,
          "import_too_large",
          t("import.tooLarge", {
            max: formatSize(LIMITS.importFileBytes, i18n.language),
            size: formatSize(file.size, i18n.language),
          }),
        ),
      );
      busy.current = false;
      return;
    }
    setRunning({ mode, progress: null });
    // Not aborted when the page is left: the import goes on (and is notified) in the background; a request
    // cut mid-way would not stop the server's work anyway.
    try {
      const report = await importFile(kind, file, {
        dryRun: mode === "check",
        onProgress: (progress) => setRunning({ mode, progress }),
      });
      if (mode === "check") {
        setChecked(report);
      } else {
        setImported(report);
        notifySuccess(
          t(kind === "prospect" ? "import.doneProspects" : "import.donePatients", {
            created: report.created,
            updated: report.updated,
            rejected: report.rejected,
          }),
        );
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: queryKeys.people }),
          queryClient.invalidateQueries({ queryKey: queryKeys.suggestions }),
        ]);
      }
    } catch (failure) {
      setError(failure);
    } finally {
      busy.current = false;
      setRunning(null);
    }
  };

  const importable = checked ? checked.rows - checked.rejected : 0;

  const confirmImport = () => {
    if (!checked || busy.current || !file || confirming.current) return;
    confirming.current = true;
    modals.openConfirmModal({
      // The second click of a double click must not land on the overlay and close the question at once.
      closeOnClickOutside: false,
      onClose: () => {
        confirming.current = false;
      },
      title: t("import.confirmTitle", { file: file.name }),
      children: (
        <Stack gap="xs">
          <Text size="sm">{t("import.confirmText", { count: importable })}</Text>
          {checked.flaggedDuplicates > 0 && (
            <Text size="sm" c="dimmed">
              {t("import.confirmDuplicates", { count: checked.flaggedDuplicates })}
            </Text>
          )}
        </Stack>
      ),
      labels: { confirm: t("import.confirm"), cancel: t("common.cancel") },
      onConfirm: () => void run("import"),
    });
  };

  const locked = running !== null;
  const report = imported ?? checked;

  return (
    <Stack maw={1100}>
      <Title order={1}>{t("import.title")}</Title>
      <Text c="dimmed">{t("import.intro")}</Text>

      <Paper withBorder p="md" component="section" aria-labelledby="import-file-title">
        <Title order={2} size="h4" mb="sm" id="import-file-title">
          {t("import.fileTitle")}
        </Title>
        <Stack>
          <Radio.Group
            label={t("import.kind")}
            value={kind}
            onChange={(value) => {
              setKind(value as PersonKind);
              restart();
            }}
          >
            <Stack gap="xs" mt={6}>
              <Radio value="prospect" label={t("import.kinds.prospect")} disabled={locked} />
              <Radio value="patient" label={t("import.kinds.patient")} disabled={locked} />
            </Stack>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            {t("import.columnsRequired")} <Code>{COLUMNS[kind].required.join(", ")}</Code>
            {" · "}
            {t("import.columnsOptional")} <Code>{COLUMNS[kind].optional.join(", ")}</Code>
          </Text>
          <FileInput
            label={t("import.file")}
            description={t("import.fileHelp", { max: formatSize(LIMITS.importFileBytes, i18n.language) })}
            placeholder={t("import.filePlaceholder")}
            accept={ACCEPT}
            leftSection={<IconFileSpreadsheet size={18} aria-hidden />}
            value={file}
            onChange={(value) => {
              setFile(value);
              restart();
            }}
            clearable
            clearButtonProps={{ "aria-label": t("import.clearFile") }}
            readOnly={locked}
            maw={520}
          />
          <Group gap="sm">
            <Button
              leftSection={<IconListCheck size={18} />}
              variant={checked ? "default" : "filled"}
              onClick={() => void run("check")}
              disabled={!file || (locked && running?.mode !== "check")}
              loading={running?.mode === "check"}
            >
              {t("import.check")}
            </Button>
            <Button
              leftSection={<IconFileUpload size={18} />}
              onClick={confirmImport}
              disabled={!checked || importable === 0 || imported !== null || (locked && running?.mode !== "import")}
              loading={running?.mode === "import"}
            >
              {t("import.import")}
            </Button>
            {!checked && !imported && (
              <Text size="sm" c="dimmed">
                {t("import.checkFirst")}
              </Text>
            )}
            {checked && !imported && importable === 0 && (
              <Text size="sm" c="orange.8">
                {t("import.nothingToImport")}
              </Text>
            )}
          </Group>
          {running && <ImportProgressBar mode={running.mode} progress={running.progress} />}
          <ErrorAlert error={error} />
        </Stack>
      </Paper>

      {report && !running && <ReportView report={report} file={file} />}
      {imported && (
        <Group gap="md">
          <Anchor component={Link} to={imported.kind === "prospect" ? "/prospects" : "/patients"}>
            {t(imported.kind === "prospect" ? "import.openProspects" : "import.openPatients")}
          </Anchor>
          <Anchor component={Link} to="/reconciliation">
            {t("import.openReconciliation")}
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}

function ImportProgressBar({ mode, progress }: { mode: Mode; progress: ImportProgress | null }) {
  const { t } = useTranslation();
  // While the file is read its number of rows is not known yet (total 0): a full, moving bar and the rows read.
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 100;
  const label = progress ? t(`import.phases.${progress.phase}`) : t("import.sending");
  return (
    <Stack gap={4}>
      <Group justify="space-between" aria-live="polite">
        <Text size="sm" fw={600}>
          {t(mode === "check" ? "import.checking" : "import.importing")} — {label}
        </Text>
        {progress && (
          <Text size="sm" c="dimmed">
            {progress.total > 0
              ? t("import.progressCount", { done: progress.done, total: progress.total })
              : t("import.progressRead", { done: progress.done })}
          </Text>
        )}
      </Group>
      <Progress
        value={percent}
        animated={!progress || percent < 100}
        striped
        size="lg"
        aria-label={t("import.progressLabel", { phase: label })}
      />
    </Stack>
  );
}

/** What the check found, or what the import did: the counts, the refused rows, the ignored columns. */
function ReportView({ report, file }: { report: ImportReport; file: File | null }) {
  const { t } = useTranslation();
  const dry = report.dryRun;
  const stats: { key: string; label: string; value: number; color?: string }[] = [
    { key: "rows", label: t("import.stats.rows"), value: report.rows },
    { key: "created", label: t(dry ? "import.stats.toCreate" : "import.stats.created"), value: report.created },
    { key: "updated", label: t(dry ? "import.stats.toUpdate" : "import.stats.updated"), value: report.updated },
    { key: "unchanged", label: t("import.stats.unchanged"), value: report.unchanged },
    {
      key: "rejected",
      label: t("import.stats.rejected"),
      value: report.rejected,
      color: report.rejected ? "red" : undefined,
    },
    {
      key: "flagged",
      label: t("import.stats.flaggedDuplicates"),
      value: report.flaggedDuplicates,
      color: report.flaggedDuplicates ? "orange" : undefined,
    },
  ];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-report-title">
      <Stack>
        <div>
          <Title order={2} size="h4" id="import-report-title">
            {t(dry ? "import.reportCheckTitle" : "import.reportImportTitle")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("import.reportSubtitle", {
              kind: t(`import.kinds.${report.kind}`),
              format: report.format.toUpperCase(),
            })}
          </Text>
        </div>
        {dry ? (
          <Text size="sm">{t("import.dryRunNote")}</Text>
        ) : (
          <Alert color="teal" role="status">
            {t("import.importedNote")}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
          {stats.map((stat) => (
            <Paper key={stat.key} withBorder p="sm" role="group" aria-label={stat.label}>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                {stat.label}
              </Text>
              <Text size="xl" fw={700} c={stat.color}>
                {stat.value.toLocaleString("fr-FR")}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {report.flaggedDuplicates > 0 && (
          <Text size="sm" c="dimmed">
            {t("import.flaggedHelp")}
          </Text>
        )}
        <Text size="sm">
          {report.ignoredColumns.length > 0 ? (
            <>
              {t("import.ignoredColumns")}{" "}
              {report.ignoredColumns.map((column, i) => (
                <span key={column}>
                  {i > 0 && ", "}
                  <Code>{column}</Code>
                </span>
              ))}
            </>
          ) : (
            <Text span c="dimmed" inherit>
              {t("import.noIgnoredColumns")}
            </Text>
          )}
        </Text>
        {report.errors.length > 0 && <RefusedRows report={report} file={file} />}
      </Stack>
    </Paper>
  );
}

function RefusedRows({ report, file }: { report: ImportReport; file: File | null }) {
  const { t } = useTranslation();
  const shown = report.errors.slice(0, SHOWN_ERRORS);
  /** The report lists the first errors only: the full list is asked of the server with the same file. */
  const truncated = report.errorCount > report.errors.length;
  const [fetching, setFetching] = useState(false);
  const [fetchError, setFetchError] = useState<unknown>(null);
  const downloadAll = async () => {
    if (!file || fetching) return;
    setFetching(true);
    setFetchError(null);
    try {
      const url = URL.createObjectURL(await importErrorsCsv(report.kind, file));
      const link = document.createElement("a");
      link.href = url;
      link.download = `erreurs-import-${report.kind}s.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (failure) {
      setFetchError(failure);
    } finally {
      setFetching(false);
    }
  };
  const csvUrl = useMemo(() => {
    const quote = (value: string | number) => `"${neutraliseFormula(String(value)).replaceAll('"', '""')}"`;
    const lines = [
      [t("import.errors.line"), t("import.errors.column"), t("import.errors.reason")].map(quote).join(";"),
      ...report.errors.map((e) => [e.line, e.field, e.reason].map(quote).join(";")),
    ];
    return URL.createObjectURL(new Blob([`\uFEFF${lines.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" }));
  }, [report, t]);
  useEffect(() => () => URL.revokeObjectURL(csvUrl), [csvUrl]);

  return (
    <Stack gap="xs" component="section" aria-labelledby="import-refused-title">
      <Group justify="space-between">
        <Title order={3} size="h5" id="import-refused-title">
          {t("import.errors.title", { count: report.rejected })}
        </Title>
        {truncated ? (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={fetching}
            disabled={!file}
            onClick={downloadAll}
          >
            {t("import.errors.downloadAll")}
          </Button>
        ) : (
          <Anchor href={csvUrl} download={`lignes-refusees-${report.kind}s.csv`} size="sm">
            <Group gap={4} component="span">
              <IconDownload size={16} aria-hidden />
              {t("import.errors.download")}
            </Group>
          </Anchor>
        )}
      </Group>
      {truncated && (
        <Text size="sm">
          {t("import.errors.truncated", {
            listed: report.errors.length.toLocaleString("fr-FR"),
            total: report.errorCount.toLocaleString("fr-FR"),
          })}
        </Text>
      )}
      <ErrorAlert error={fetchError} />
      <Table.ScrollContainer minWidth={560} mah={480}>
        <Table striped verticalSpacing={6} aria-labelledby="import-refused-title" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t("import.errors.line")}</Table.Th>
              <Table.Th w={180}>{t("import.errors.column")}</Table.Th>
              <Table.Th>{t("import.errors.reason")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e, i) => (
              // A line may have several reasons, even on one column.
              // biome-ignore lint/suspicious/noArrayIndexKey: the report's order is stable
              <Table.Tr key={`${e.line}-${e.field}-${i}`}>
                <Table.Td>{e.line}</Table.Td>
                <Table.Td>
                  <Code>{e.field}</Code>
                </Table.Td>
                <Table.Td>{e.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {report.errors.length > shown.length && (
        <Text size="sm" c="dimmed">
          {t("import.errors.more", { count: report.errors.length - shown.length })}
        </Text>
      )}
    </Stack>
  );
}

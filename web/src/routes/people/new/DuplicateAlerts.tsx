import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconUsers } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Under the identity fields, while what is typed looks like someone NEST already knows. */
export function DuplicateWarning({ text, children }: { text: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" icon={<IconUsers size={18} />} title={t("people.duplicates.warningTitle")} role="status">
      <Stack gap="xs">
        <Text size="sm">{text}</Text>
        {children}
      </Stack>
    </Alert>
  );
}

/** The server found possible duplicates on creation: open one of them (`children`), or create anyway. */
export function DuplicateConflict({
  sending,
  onCreateAnyway,
  onBack,
  children,
}: {
  sending: boolean;
  onCreateAnyway(): void;
  onBack(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle size={18} />}
      title={t("people.duplicates.conflictTitle")}
      role="alert"
    >
      <Stack gap="sm">
        <Text size="sm">{t("people.duplicates.conflictText")}</Text>
        {children}
        <Group>
          <Button color="orange" loading={sending} onClick={onCreateAnyway}>
            {t("people.duplicates.createAnyway")}
          </Button>
          <Button variant="default" onClick={onBack}>
            {t("people.duplicates.backToForm")}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

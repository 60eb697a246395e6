import { Button, Group, Paper, Stack, Text, TextInput, type TextInputProps, Title } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";

/** The settings page's building blocks: a titled section, add and remove buttons for list rows, a time field. */
export function Section({
  title,
  description,
  error,
  children,
}: {
  title: string;
  description?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-label={title}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}

export function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Group>
      <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={onClick}>
        {children}
      </Button>
    </Group>
  );
}

export function RemoveButton({
  onClick,
  disabled,
  children,
}: {
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Button
      variant="subtle"
      color="red"
      size="sm"
      mt={25}
      leftSection={<IconTrash size={14} />}
      onClick={onClick}
      disabled={disabled}
    >
      {children}
    </Button>
  );
}

/** A required clinic time « HH:MM » (opening hours, the SMS window, a reminder's time), typed as text. */
export function TimeField({
  value,
  onChange,
  ...props
}: Omit<TextInputProps, "value" | "onChange"> & { value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      maxLength={5}
      inputMode="numeric"
      required
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

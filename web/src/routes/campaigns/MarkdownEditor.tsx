import { ActionIcon, Group, Tabs, Textarea, Tooltip } from "@mantine/core";
import { IconBold, IconH2, IconItalic, IconLink, IconList } from "@tabler/icons-react";
import { type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { applyMarkdown, type MarkdownAction } from "./markdown.ts";

const ACTIONS: { action: MarkdownAction; icon: ReactNode }[] = [
  { action: "bold", icon: <IconBold size={16} /> },
  { action: "italic", icon: <IconItalic size={16} /> },
  { action: "heading", icon: <IconH2 size={16} /> },
  { action: "link", icon: <IconLink size={16} /> },
  { action: "list", icon: <IconList size={16} /> },
];

/**
 * The e-mail's body in Markdown: a text area with a few buttons that write the Markdown for the user, and a
 * preview tab (given by the page: the server renders the e-mail with the signature and the footer).
 */
export function MarkdownEditor({
  value,
  onChange,
  error,
  preview,
  onPreviewOpen,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  preview: ReactNode;
  /** Called when the preview tab opens (the page saves the changes first, the preview is of the saved text). */
  onPreviewOpen: () => void;
}) {
  const { t } = useTranslation();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [tab, setTab] = useState<string | null>("write");

  const apply = (action: MarkdownAction) => {
    const element = textarea.current;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? start;
    const edit = applyMarkdown(value, start, end, action, t(`campaigns.editor.placeholder.${action}`));
    onChange(edit.text);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(edit.selectionStart, edit.selectionEnd);
    });
  };

  return (
    <Tabs
      value={tab}
      onChange={(next) => {
        setTab(next);
        if (next === "preview") onPreviewOpen();
      }}
    >
      <Tabs.List>
        <Tabs.Tab value="write">{t("campaigns.editor.write")}</Tabs.Tab>
        <Tabs.Tab value="preview">{t("campaigns.editor.preview")}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="write" pt="xs">
        <Group gap={4} mb={4} role="toolbar" aria-label={t("campaigns.editor.toolbar")}>
          {ACTIONS.map(({ action, icon }) => (
            <Tooltip key={action} label={t(`campaigns.editor.${action}`)}>
              <ActionIcon variant="default" aria-label={t(`campaigns.editor.${action}`)} onClick={() => apply(action)}>
                {icon}
              </ActionIcon>
            </Tooltip>
          ))}
        </Group>
        <Textarea
          ref={textarea}
          label={t("campaigns.form.emailMarkdown")}
          description={t("campaigns.form.emailMarkdownHelp")}
          required
          autosize
          minRows={10}
          maxRows={30}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        />
      </Tabs.Panel>
      <Tabs.Panel value="preview" pt="xs">
        {tab === "preview" && preview}
      </Tabs.Panel>
    </Tabs>
  );
}

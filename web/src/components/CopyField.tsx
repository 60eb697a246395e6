import { Button, Group, TextInput } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { type RefObject, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A read-only field with a copy button. The Clipboard API only exists on HTTPS or
 * localhost; on a clinic LAN served over plain HTTP the text is selected and copied
 * the old way, and stays selected for Ctrl+C if even that fails.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const { state, copy } = useCopy(input, value);

  return (
    <Group align="flex-end" wrap="nowrap">
      <TextInput
        ref={input}
        flex={1}
        label={label}
        value={value}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        description={state === "failed" ? t("common.copyFailed") : undefined}
      />
      <Button
        variant={state === "copied" ? "filled" : "light"}
        color={state === "copied" ? "teal" : undefined}
        leftSection={state === "copied" ? <IconCheck size={16} /> : <IconCopy size={16} />}
        onClick={copy}
      >
        {state === "copied" ? t("common.copied") : t("common.copy")}
      </Button>
    </Group>
  );
}

/**
 * Copies `text`: through the Clipboard API where the browser has it (HTTPS, localhost), else by selecting
 * `field` and copying the old way; `state` says how it went for a moment.
 */
export function useCopy(field: RefObject<HTMLInputElement | HTMLTextAreaElement | null>, text: string) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok && field.current) {
      field.current.focus();
      field.current.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
    }
    setState(ok ? "copied" : "failed");
    if (ok) setTimeout(() => setState("idle"), 2500);
  };
  return { state, copy };
}

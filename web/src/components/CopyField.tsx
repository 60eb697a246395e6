import { Button, Group, TextInput } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A read-only field with a copy button. The Clipboard API only exists on HTTPS or
 * localhost; on a clinic LAN served over plain HTTP the text is selected and copied
 * the old way, and stays selected for Ctrl+C if even that fails.
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  const copy = async () => {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(value);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok && input.current) {
      input.current.focus();
      input.current.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
    }
    setState(ok ? "copied" : "failed");
    if (ok) setTimeout(() => setState("idle"), 2500);
  };

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

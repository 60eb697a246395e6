import { Stack, Title } from "@mantine/core";
import { type FormEvent, type ReactNode, useEffect, useId, useRef } from "react";

/**
 * One step of the call screen: a titled form whose first field (or the element
 * marked data-autofocus) takes the focus when the step opens, and whose Enter
 * goes on to the next step. Without onSubmit it is a section: a step that
 * holds forms of its own (record creation, appointment…) must not nest them.
 */
export function StepForm({ title, onSubmit, children }: { title: string; onSubmit?: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement & HTMLFormElement>(null);
  const titleId = useId();
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const target =
      root.querySelector<HTMLElement>("[data-autofocus]") ??
      root.querySelector<HTMLElement>("input:not([disabled]), textarea, select, button:not([disabled])");
    target?.focus();
  }, []);
  const content = (
    <Stack gap="md">
      <Title order={2} size="h3" id={titleId}>
        {title}
      </Title>
      {children}
    </Stack>
  );
  if (!onSubmit) {
    return (
      <section ref={ref} aria-labelledby={titleId}>
        {content}
      </section>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={ref} onSubmit={submit} noValidate aria-labelledby={titleId}>
      {content}
    </form>
  );
}

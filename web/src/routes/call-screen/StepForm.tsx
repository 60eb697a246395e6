import { Stack, Title } from "@mantine/core";
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from "react";

/**
 * One step of the call screen: a titled form whose first field (or the element
 * marked data-autofocus) takes the focus when the step opens, and whose Enter
 * goes on to the next step. Without onSubmit it is a section: a step that
 * holds forms of its own (record creation, appointment…) must not nest them.
 *
 * Enter goes on from every field of the step, not only from a text field (the browser's own
 * implicit submission): from a list (the focus sits in « Motif » at step 4), a choice (radio,
 * chip), and a text area marked `data-enter-submits` (Shift+Enter is a new line there).
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
    <form ref={ref} onSubmit={submit} onKeyDown={submitOnEnter} noValidate aria-labelledby={titleId}>
      {content}
    </form>
  );
}

/** Enter on a field the browser does not submit from: a select, a checkbox or radio, a marked text area. */
export function submitOnEnter(event: KeyboardEvent<HTMLFormElement>) {
  if (event.key !== "Enter" || event.defaultPrevented || event.nativeEvent.isComposing) return;
  if (event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  const submits =
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio")) ||
    (target instanceof HTMLTextAreaElement && target.dataset.enterSubmits !== undefined);
  if (!submits) return;
  event.preventDefault();
  event.currentTarget.requestSubmit();
}

import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../shared/limits.ts";
import { callKeys, createMessage, type PhoneMessage } from "../../api/calls.ts";
import { ErrorAlert, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";
import { formatPhone } from "../../components/phone.ts";
import { useActiveServices, useStaff } from "../calls/shared.tsx";

/** The longest message body the server accepts. */
export const MESSAGE_BODY_MAX = 2000;

const FIELDS = new Set(["forUserId", "forServiceId", "callerName", "callerPhone", "body", "callId", "personId"]);

export interface LeaveMessageFormProps {
  /** The register line the message is taken on. */
  callId?: string;
  /** Prefilled, editable. */
  callerName?: string;
  /** Prefilled (E.164 or as typed), editable. */
  callerPhone?: string;
  /** The caller's record, when known. */
  personId?: string;
  /** Called with the saved message (e.g. to close a modal). */
  onSaved?: (message: PhoneMessage) => void;
}

interface Values {
  to: "user" | "service";
  forUserId: string | null;
  forServiceId: string | null;
  callerName: string;
  callerPhone: string;
  body: string;
}

/**
 * Leaves a message for a person or a service (procedure 3: "s'assure que le
 * message pris a bien été transmis à la personne appropriée"): it waits in the
 * recipient's inbox until acknowledged. Used by the register and the call screen.
 */
export function LeaveMessageForm({ callId, callerName, callerPhone, personId, onSaved }: LeaveMessageFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const staff = useStaff();
  const services = useActiveServices();
  const initial: Values = {
    to: "user",
    forUserId: null,
    forServiceId: null,
    callerName: callerName ?? "",
    callerPhone: callerPhone ? formatPhone(callerPhone) : "",
    body: "",
  };
  const { values, setField, errors, setErrors, reset } = useFormState<Values>(initial);
  const [message, setMessage] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () =>
      createMessage({
        forUserId: values.to === "user" ? values.forUserId : null,
        forServiceId: values.to === "service" ? values.forServiceId : null,
        callId: callId ?? null,
        personId: personId ?? null,
        callerName: values.callerName.trim() || null,
        callerPhone: values.callerPhone.trim() || null,
        body: values.body,
      }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: callKeys.messages });
      notifySuccess(t("messages.saved", { name: saved.forUser?.name ?? saved.forService?.name ?? "" }));
      reset(initial);
      setMessage(null);
      onSaved?.(saved);
    },
    onError: (error) => {
      const split = splitApiError(error, (field) => FIELDS.has(field));
      // The recipient's error is shown under whichever list is in use.
      if (split.fieldErrors.forUserId && values.to === "service") {
        split.fieldErrors.forServiceId = split.fieldErrors.forUserId;
      }
      setErrors(split.fieldErrors);
      setMessage(split.message);
    },
  });

  const submit = () => {
    const missing: Record<string, string> = {};
    if (values.to === "user" && !values.forUserId) missing.forUserId = t("messages.form.recipientRequired");
    if (values.to === "service" && !values.forServiceId) missing.forServiceId = t("messages.form.recipientRequired");
    if (!values.body.trim()) missing.body = t("form.required");
    setErrors(missing);
    if (Object.keys(missing).length === 0) save.mutate();
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("messages.form.recipient")}
          </Text>
          <SegmentedControl
            value={values.to}
            onChange={(value) => setField("to", value as Values["to"])}
            data={[
              { value: "user", label: t("messages.form.toPerson") },
              { value: "service", label: t("messages.form.toService") },
            ]}
          />
        </Stack>
        {values.to === "user" ? (
          <Select
            label={t("messages.form.person")}
            data={(staff.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName}` }))}
            value={values.forUserId}
            onChange={(value) => setField("forUserId", value)}
            error={errors.forUserId}
            searchable
            withAsterisk
            data-autofocus
          />
        ) : (
          <Select
            label={t("messages.form.service")}
            data={(services.data?.services ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={values.forServiceId}
            onChange={(value) => setField("forServiceId", value)}
            error={errors.forServiceId}
            searchable
            withAsterisk
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("messages.form.callerName")}
            value={values.callerName}
            onChange={(event) => setField("callerName", event.currentTarget.value)}
            error={errors.callerName}
            maxLength={LIMITS.nameMax * 2}
          />
          <TextInput
            label={t("messages.form.callerPhone")}
            value={values.callerPhone}
            onChange={(event) => setField("callerPhone", event.currentTarget.value)}
            error={errors.callerPhone}
            inputMode="tel"
          />
        </SimpleGrid>
        <Textarea
          label={t("messages.form.body")}
          value={values.body}
          onChange={(event) => setField("body", event.currentTarget.value)}
          error={errors.body}
          withAsterisk
          autosize
          minRows={3}
          maxLength={MESSAGE_BODY_MAX}
          description={t("form.tooLong", { count: MESSAGE_BODY_MAX })}
        />
        <ErrorAlert error={save.error} message={message} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t("messages.form.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

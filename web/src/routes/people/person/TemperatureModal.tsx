import { Button, Group, Modal, Radio, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { LIMITS } from "../../../../../shared/limits.ts";
import { changeTemperature, fetchPerson, queryKeys } from "../../../api/endpoints.ts";
import type { Person, Temperature } from "../../../api/types.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../../components/feedback.tsx";
import { splitApiError } from "../../../components/form.ts";
import { TemperatureBadge } from "../../../components/PersonBadges.tsx";
import { TEMPERATURES } from "../labels.ts";

/** "Changer la température" (classification 1): the new one and why; the change joins the history. */
export function TemperatureModal({
  opened,
  person,
  onClose,
}: {
  opened: boolean;
  person: Person;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t("people.temperatureChange.title")}>
      {opened && <TemperatureForm person={person} onClose={onClose} />}
    </Modal>
  );
}

const FIELDS = new Set(["temperature", "reason"]);

function TemperatureForm({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(person);
  const [temperature, setTemperature] = useState<Temperature>(
    TEMPERATURES.find((v) => v !== person.temperature) ?? "hot",
  );
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: () => changeTemperature(base.id, { version: base.version, temperature, reason: reason.trim() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.people });
      notifySuccess(t("people.temperatureChange.saved", { temperature: t(`people.temperature.${temperature}`) }));
      onClose();
    },
    onError: (error) => setErrors(splitApiError(error, (f) => FIELDS.has(f)).fieldErrors),
  });

  const reload = async () => {
    const fresh = await queryClient.fetchQuery({
      queryKey: queryKeys.person("prospect", base.id),
      queryFn: () => fetchPerson("prospect", base.id),
      staleTime: 0,
    });
    mutation.reset();
    setBase(fresh);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (temperature === base.temperature) next.temperature = t("people.temperatureChange.same");
    if (!reason.trim()) next.reason = t("people.temperatureChange.reasonRequired");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };

  const alert = mutation.error ? splitApiError(mutation.error, (f) => FIELDS.has(f)).message : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? t("people.edit.conflict") : alert}
          onReload={() => void reload()}
        />
        <Group gap="xs">
          <Text size="sm">{t("people.temperatureChange.current")}</Text>
          <TemperatureBadge temperature={base.temperature} />
        </Group>
        <Radio.Group
          label={t("people.temperatureChange.new")}
          value={temperature}
          onChange={(value) => {
            setTemperature(value as Temperature);
            setErrors((prev) => ({ ...prev, temperature: "" }));
          }}
          error={errors.temperature || undefined}
          required
        >
          <Group mt={8}>
            {TEMPERATURES.map((value) => (
              <Radio key={value} value={value} label={t(`people.temperature.${value}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t("people.temperatureChange.reason")}
          description={t("people.temperatureChange.reasonHelp")}
          required
          autosize
          minRows={2}
          maxLength={LIMITS.commentMax}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setErrors((prev) => ({ ...prev, reason: "" }));
          }}
          error={errors.reason || undefined}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

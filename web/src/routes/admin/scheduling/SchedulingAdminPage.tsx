import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconBuildingHospital, IconDoor, IconPlus, IconStethoscope } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { LIMITS } from "../../../../../shared/limits.ts";
import {
  type ClinicService,
  createPractitioner,
  createRoom,
  createService,
  listPractitioners,
  listRooms,
  listServicesForAdmin,
  type Practitioner,
  type Room,
  schedulingKeys,
  updatePractitioner,
  updateRoom,
  updateService,
} from "../../../api/scheduling.ts";
import { useSettingsQuery } from "../../../components/datetime.ts";
import { ErrorAlert, isVersionConflict, notifyError, notifySuccess } from "../../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../../components/form.ts";
import { QueryTable } from "../../../components/QueryTable.tsx";

/** Rooms of each site, practitioners and the clinic's services: list, add, edit, deactivate (never delete). */
export function SchedulingAdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (["rooms", "practitioners", "services"] as const).find((x) => x === params.get("tab")) ?? "rooms";
  return (
    <Stack>
      <Title order={1}>{t("scheduling.title")}</Title>
      <Tabs
        value={tab}
        onChange={(value) => setParams({ tab: value ?? "rooms" }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="rooms" leftSection={<IconDoor size={16} />}>
            {t("scheduling.rooms.tab")}
          </Tabs.Tab>
          <Tabs.Tab value="practitioners" leftSection={<IconStethoscope size={16} />}>
            {t("scheduling.practitioners.tab")}
          </Tabs.Tab>
          <Tabs.Tab value="services" leftSection={<IconBuildingHospital size={16} />}>
            {t("scheduling.services.tab")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rooms" pt="md">
          <RoomsTab />
        </Tabs.Panel>
        <Tabs.Panel value="practitioners" pt="md">
          <PractitionersTab />
        </Tabs.Panel>
        <Tabs.Panel value="services" pt="md">
          <ServicesTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? "teal" : "gray"} variant="light" tt="none">
      {active ? t("scheduling.active") : t("scheduling.inactive")}
    </Badge>
  );
}

/** Deactivate / reactivate with a confirmation. */
function useToggleActive<T extends { id: string; name: string; active: boolean }>(
  key: readonly unknown[],
  save: (item: T, active: boolean) => Promise<unknown>,
) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reload = () => void queryClient.invalidateQueries({ queryKey: key });
  const mutation = useMutation({
    mutationFn: ({ item, active }: { item: T; active: boolean }) => save(item, active),
    onSuccess: async (_saved, { item, active }) => {
      await queryClient.invalidateQueries({ queryKey: key });
      notifySuccess(t(active ? "scheduling.reactivated" : "scheduling.deactivated", { name: item.name }));
    },
    onError: (error) => notifyError(error, reload),
  });
  return (item: T) =>
    modals.openConfirmModal({
      title: t(item.active ? "scheduling.deactivateTitle" : "scheduling.reactivateTitle", { name: item.name }),
      children: (
        <Text size="sm">
          {t(item.active ? "scheduling.deactivateText" : "scheduling.reactivateText", { name: item.name })}
        </Text>
      ),
      labels: {
        confirm: t(item.active ? "scheduling.deactivate" : "scheduling.reactivate"),
        cancel: t("common.cancel"),
      },
      confirmProps: { color: item.active ? "red" : "teal" },
      onConfirm: () => mutation.mutate({ item, active: !item.active }),
    });
}

function Actions({ onEdit, onToggle, active }: { onEdit: () => void; onToggle: () => void; active: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Button size="compact-sm" variant="light" onClick={onEdit}>
        {t("common.edit")}
      </Button>
      <Button size="compact-sm" variant="light" color={active ? "red" : "teal"} onClick={onToggle}>
        {active ? t("scheduling.deactivate") : t("scheduling.reactivate")}
      </Button>
    </Group>
  );
}

/** The one check the forms make before sending: a name. */
const requireName = (values: { name: string }, message: string): Record<string, string> =>
  values.name.trim() ? {} : { name: message };

// --- the list shared by the three tabs

/** What a tab needs to know about its entity; the list, its add/edit modal and the deactivation are the same. */
interface EntityTabProps<T extends { id: string; name: string; active: boolean }> {
  queryKey: readonly unknown[];
  list: () => Promise<T[]>;
  /** What a change refreshes, when more than this list shows the entity. */
  changedKey?: readonly unknown[];
  setActive: (item: T, active: boolean) => Promise<unknown>;
  /** The entity's own columns, before its status and the actions. */
  columns: { header: string; cell: (item: T) => ReactNode }[];
  labels: { new: string; empty: string; edit: (name: string) => string };
  form: (item: T | null, onClose: () => void) => ReactNode;
}

function EntityTab<T extends { id: string; name: string; active: boolean }>({
  queryKey,
  list,
  changedKey = queryKey,
  setActive,
  columns,
  labels,
  form,
}: EntityTabProps<T>) {
  const { t } = useTranslation();
  const items = useQuery({ queryKey, queryFn: list });
  const [editing, setEditing] = useState<{ opened: boolean; item: T | null }>({ opened: false, item: null });
  const toggle = useToggleActive<T>(changedKey, setActive);
  const close = () => setEditing((s) => ({ ...s, opened: false }));
  return (
    <Stack>
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ opened: true, item: null })}>
          {labels.new}
        </Button>
      </Group>
      <QueryTable
        state={items}
        rows={items.data}
        minWidth={640}
        headers={[...columns.map((column) => column.header), t("scheduling.status"), t("common.actions")]}
        empty={labels.empty}
        rowKey={(item) => item.id}
        renderRow={(item) => (
          <>
            {columns.map((column) => (
              <Table.Td key={column.header}>{column.cell(item)}</Table.Td>
            ))}
            <Table.Td>
              <ActiveBadge active={item.active} />
            </Table.Td>
            <Table.Td>
              <Actions
                active={item.active}
                onEdit={() => setEditing({ opened: true, item })}
                onToggle={() => toggle(item)}
              />
            </Table.Td>
          </>
        )}
      />
      <Modal opened={editing.opened} onClose={close} title={editing.item ? labels.edit(editing.item.name) : labels.new}>
        {editing.opened && form(editing.item, close)}
      </Modal>
    </Stack>
  );
}

// --- rooms

function RoomsTab() {
  const { t } = useTranslation();
  const sites = useSettingsQuery().data?.settings.sites ?? [];
  const siteName = (code: string) => sites.find((s) => s.code === code)?.name ?? code;
  return (
    <EntityTab<Room>
      queryKey={schedulingKeys.rooms}
      list={listRooms}
      setActive={(room, active) => updateRoom(room.id, { version: room.version, active })}
      columns={[
        { header: t("scheduling.site"), cell: (room) => `${room.site} — ${siteName(room.site)}` },
        { header: t("scheduling.name"), cell: (room) => room.name },
        { header: t("scheduling.position"), cell: (room) => room.position },
      ]}
      labels={{
        new: t("scheduling.rooms.new"),
        empty: t("scheduling.rooms.empty"),
        edit: (name) => t("scheduling.rooms.edit", { name }),
      }}
      form={(room, onClose) => <RoomForm room={room} onClose={onClose} />}
    />
  );
}

function RoomForm({ room, onClose }: { room: Room | null; onClose: () => void }) {
  const { t } = useTranslation();
  const sites = useSettingsQuery().data?.settings.sites ?? [];
  const form = useFormState({
    site: room?.site ?? sites[0]?.code ?? "",
    name: room?.name ?? "",
    position: room?.position ?? 0,
  });
  const save = () =>
    room
      ? updateRoom(room.id, { version: room.version, ...form.values, name: form.values.name.trim() })
      : createRoom({ ...form.values, name: form.values.name.trim() });
  return (
    <EntityForm
      form={form}
      fields={["site", "name", "position"]}
      queryKey={schedulingKeys.rooms}
      save={save}
      onClose={onClose}
      editing={room !== null}
      validate={(v) => requireName(v, t("form.required"))}
    >
      <Select
        label={t("scheduling.site")}
        required
        data={sites.map((s) => ({ value: s.code, label: `${s.code} — ${s.name}` }))}
        value={form.values.site}
        onChange={(value) => form.setField("site", value ?? "")}
        error={form.errors.site}
        allowDeselect={false}
      />
      <NameInput {...form.textProps("name")} />
      <PositionInput
        value={form.values.position}
        onChange={(value) => form.setField("position", value)}
        error={form.errors.position}
      />
    </EntityForm>
  );
}

// --- practitioners

function PractitionersTab() {
  const { t } = useTranslation();
  return (
    <EntityTab<Practitioner>
      queryKey={schedulingKeys.practitioners}
      list={listPractitioners}
      setActive={(p, active) => updatePractitioner(p.id, { version: p.version, active })}
      columns={[
        { header: t("scheduling.name"), cell: (p) => p.name },
        { header: t("scheduling.speciality"), cell: (p) => p.speciality ?? "—" },
      ]}
      labels={{
        new: t("scheduling.practitioners.new"),
        empty: t("scheduling.practitioners.empty"),
        edit: (name) => t("scheduling.practitioners.edit", { name }),
      }}
      form={(item, onClose) => <PractitionerForm item={item} onClose={onClose} />}
    />
  );
}

function PractitionerForm({ item, onClose }: { item: Practitioner | null; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useFormState({ name: item?.name ?? "", speciality: item?.speciality ?? "" });
  const values = () => ({ name: form.values.name.trim(), speciality: form.values.speciality.trim() || null });
  return (
    <EntityForm
      form={form}
      fields={["name", "speciality"]}
      queryKey={schedulingKeys.practitioners}
      save={() =>
        item ? updatePractitioner(item.id, { version: item.version, ...values() }) : createPractitioner(values())
      }
      onClose={onClose}
      editing={item !== null}
      validate={(v) => requireName(v, t("form.required"))}
    >
      <NameInput {...form.textProps("name")} />
      <TextInput label={t("scheduling.speciality")} maxLength={LIMITS.nameMax} {...form.textProps("speciality")} />
    </EntityForm>
  );
}

// --- services

function ServicesTab() {
  const { t } = useTranslation();
  return (
    <EntityTab<ClinicService>
      queryKey={schedulingKeys.servicesAdmin}
      list={listServicesForAdmin}
      // Invalidating the services key refreshes this list and the desk's one.
      changedKey={schedulingKeys.services}
      setActive={(s, active) => updateService(s.id, { version: s.version, active })}
      columns={[
        { header: t("scheduling.name"), cell: (s) => s.name },
        { header: t("scheduling.greetingName"), cell: (s) => s.greetingName ?? "—" },
      ]}
      labels={{
        new: t("scheduling.services.new"),
        empty: t("scheduling.services.empty"),
        edit: (name) => t("scheduling.services.edit", { name }),
      }}
      form={(item, onClose) => <ServiceForm item={item} onClose={onClose} />}
    />
  );
}

function ServiceForm({ item, onClose }: { item: ClinicService | null; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useFormState({
    name: item?.name ?? "",
    greetingName: item?.greetingName ?? "",
    position: item?.position ?? 0,
  });
  const values = () => ({
    name: form.values.name.trim(),
    greetingName: form.values.greetingName.trim() || null,
    position: form.values.position,
  });
  return (
    <EntityForm
      form={form}
      fields={["name", "greetingName", "position"]}
      queryKey={schedulingKeys.services}
      save={() => (item ? updateService(item.id, { version: item.version, ...values() }) : createService(values()))}
      onClose={onClose}
      editing={item !== null}
      validate={(v) => requireName(v, t("form.required"))}
    >
      <NameInput {...form.textProps("name")} />
      <TextInput
        label={t("scheduling.greetingName")}
        description={t("scheduling.greetingNameHelp")}
        maxLength={LIMITS.nameMax}
        {...form.textProps("greetingName")}
      />
      <PositionInput
        value={form.values.position}
        onChange={(value) => form.setField("position", value)}
        error={form.errors.position}
      />
    </EntityForm>
  );
}

// --- the form frame shared by the three tabs

/** The required name of a room, practitioner or service. */
function NameInput(props: { value: string; onChange: (event: ChangeEvent<HTMLInputElement>) => void; error?: string }) {
  const { t } = useTranslation();
  return <TextInput label={t("scheduling.name")} required maxLength={LIMITS.nameMax} data-autofocus {...props} />;
}

/** Where a room or service stands in the lists. */
function PositionInput({
  value,
  onChange,
  error,
}: {
  value: number;
  onChange: (value: number) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <NumberInput
      label={t("scheduling.position")}
      description={t("scheduling.positionHelp")}
      min={0}
      max={10000}
      value={value}
      onChange={(next) => onChange(typeof next === "number" ? next : 0)}
      error={error}
    />
  );
}

function EntityForm<T extends object>({
  form,
  fields,
  queryKey,
  save,
  onClose,
  editing,
  validate,
  children,
}: {
  form: ReturnType<typeof useFormState<T>>;
  fields: string[];
  queryKey: readonly unknown[];
  save: () => Promise<unknown>;
  onClose: () => void;
  editing: boolean;
  validate: (values: T) => Record<string, string>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const known = (field: string) => fields.includes(field);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey });
      notifySuccess(t(editing ? "scheduling.saved" : "scheduling.created"));
      onClose();
    },
    onError: (error) => form.setErrors(splitApiError(error, known).fieldErrors),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = validate(form.values);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    mutation.reset();
    mutation.mutate();
  };
  const alert = mutation.error ? splitApiError(mutation.error, known).message : null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? undefined : alert}
          onReload={() => {
            void queryClient.invalidateQueries({ queryKey });
            onClose();
          }}
        />
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {editing ? t("common.save") : t("scheduling.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listUsers, queryKeys, updateUser } from "../../../api/endpoints.ts";
import type { User } from "../../../api/types.ts";
import { useSession } from "../../../app/session.tsx";
import { useFormatDateTime } from "../../../components/datetime.ts";
import { notifyError, notifySuccess } from "../../../components/feedback.tsx";
import { QueryTable } from "../../../components/QueryTable.tsx";
import { useRoleLabel } from "../../../components/RoleSelect.tsx";
import { ResetPasswordModal } from "./ResetPasswordModal.tsx";
import { UserFormModal } from "./UserFormModal.tsx";

export function UsersPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formatDateTime = useFormatDateTime();
  const roleLabel = useRoleLabel();
  const { user: me } = useSession();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  // The user stays set while a modal closes, so its content does not change during the transition.
  const [editing, setEditing] = useState<{ opened: boolean; user: User | null }>({ opened: false, user: null });
  const [resetting, setResetting] = useState<{ opened: boolean; user: User | null }>({ opened: false, user: null });

  const reload = () => void queryClient.invalidateQueries({ queryKey: queryKeys.users });

  const setActive = useMutation({
    mutationFn: ({ user, active }: { user: User; active: boolean }) =>
      updateUser(user.id, { version: user.version, active }),
    onSuccess: async (_updated, { user, active }) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      const name = `${user.firstName} ${user.lastName}`;
      notifySuccess(active ? t("users.reactivated", { name }) : t("users.deactivated", { name }));
    },
    onError: (error) => notifyError(error, reload),
  });

  const confirmActive = (user: User, active: boolean) => {
    const name = `${user.firstName} ${user.lastName}`;
    modals.openConfirmModal({
      title: active ? t("users.reactivateTitle") : t("users.deactivateTitle"),
      children: (
        <Text size="sm">{active ? t("users.reactivateText", { name }) : t("users.deactivateText", { name })}</Text>
      ),
      labels: { confirm: active ? t("users.reactivate") : t("users.deactivate"), cancel: t("common.cancel") },
      confirmProps: { color: active ? "teal" : "red" },
      onConfirm: () => setActive.mutate({ user, active }),
    });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t("users.title")}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ opened: true, user: null })}>
          {t("users.new")}
        </Button>
      </Group>

      <QueryTable
        state={users}
        rows={users.data}
        minWidth={900}
        verticalSpacing="sm"
        headers={[
          t("users.lastName"),
          t("users.firstName"),
          t("users.emailColumn"),
          t("users.role"),
          t("users.status"),
          t("users.lastLogin"),
          t("common.actions"),
        ]}
        empty={t("users.empty")}
        rowKey={(user) => user.id}
        renderRow={(user) => (
          <>
            <Table.Td>{user.lastName}</Table.Td>
            <Table.Td>{user.firstName}</Table.Td>
            <Table.Td>
              {user.email}
              {user.id === me?.id && (
                <Badge ml="xs" size="xs" variant="outline" tt="none">
                  {t("users.you")}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{roleLabel(user.role)}</Table.Td>
            <Table.Td>
              <Stack gap={4} align="flex-start">
                <Badge color={user.active ? "teal" : "gray"} variant="light" tt="none">
                  {user.active ? t("users.active") : t("users.inactive")}
                </Badge>
                {user.mustChangePassword && (
                  <Text size="xs" c="orange.8">
                    {t("users.mustChangePassword")}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t("common.never")}</Table.Td>
            <Table.Td miw={240}>
              <Group gap={4}>
                <Button size="compact-sm" variant="light" onClick={() => setEditing({ opened: true, user })}>
                  {t("common.edit")}
                </Button>
                <Button
                  size="compact-sm"
                  variant="light"
                  color={user.active ? "red" : "teal"}
                  onClick={() => confirmActive(user, !user.active)}
                >
                  {user.active ? t("users.deactivate") : t("users.reactivate")}
                </Button>
                <Button
                  size="compact-sm"
                  variant="light"
                  color="orange"
                  onClick={() => setResetting({ opened: true, user })}
                >
                  {t("users.resetPassword")}
                </Button>
              </Group>
            </Table.Td>
          </>
        )}
      />

      <UserFormModal
        opened={editing.opened}
        user={editing.user}
        onClose={() => setEditing((state) => ({ ...state, opened: false }))}
      />
      <ResetPasswordModal
        opened={resetting.opened}
        user={resetting.user}
        onClose={() => setResetting((state) => ({ ...state, opened: false }))}
      />
    </Stack>
  );
}

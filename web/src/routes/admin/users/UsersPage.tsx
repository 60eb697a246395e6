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
import { ErrorAlert, notifyError, notifySuccess, PageLoader } from "../../../components/feedback.tsx";
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

      {users.isPending && <PageLoader />}
      {users.error && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      {users.data && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("users.lastName")}</Table.Th>
                <Table.Th>{t("users.firstName")}</Table.Th>
                <Table.Th>{t("users.emailColumn")}</Table.Th>
                <Table.Th>{t("users.role")}</Table.Th>
                <Table.Th>{t("users.status")}</Table.Th>
                <Table.Th>{t("users.lastLogin")}</Table.Th>
                <Table.Th>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed">{t("users.empty")}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {users.data.map((user) => (
                <Table.Tr key={user.id}>
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
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

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

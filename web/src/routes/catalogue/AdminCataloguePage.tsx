import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { IconPlus, IconStar, IconStarOff } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { catalogueKeys, listOffers, type Offer, updateOffer } from "../../api/catalogue.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { QueryTable } from "../../components/QueryTable.tsx";
import { formatFcfa, useProfileLabel } from "./format.ts";
import { OfferFormModal } from "./OfferFormModal.tsx";

/** "Catalogue (LUTIN)" for the admin: offers with their prices by profile, objectives, deactivation. */
export function AdminCataloguePage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const profileLabel = useProfileLabel();
  const offers = useQuery({ queryKey: catalogueKeys.list, queryFn: listOffers });
  const [editing, setEditing] = useState<{ opened: boolean; offer: Offer | null }>({ opened: false, offer: null });
  const reload = () => void queryClient.invalidateQueries({ queryKey: catalogueKeys.offers });

  const change = useMutation({
    mutationFn: ({ offer, patch }: { offer: Offer; patch: { active?: boolean; objective?: boolean } }) =>
      updateOffer(offer.id, { version: offer.version, ...patch }),
    onSuccess: async (updated, { patch }) => {
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.offers });
      const name = updated.name;
      if (patch.active !== undefined) {
        notifySuccess(t(patch.active ? "catalogue.admin.reactivated" : "catalogue.admin.deactivated", { name }));
      } else {
        notifySuccess(t(patch.objective ? "catalogue.admin.objectiveOn" : "catalogue.admin.objectiveOff", { name }));
      }
    },
    onError: (error) => notifyError(error, reload),
  });

  const confirmActive = (offer: Offer, active: boolean) =>
    modals.openConfirmModal({
      title: t(active ? "catalogue.admin.reactivateTitle" : "catalogue.admin.deactivateTitle"),
      children: (
        <Text size="sm">
          {t(active ? "catalogue.admin.reactivateText" : "catalogue.admin.deactivateText", { name: offer.name })}
        </Text>
      ),
      labels: {
        confirm: t(active ? "catalogue.admin.reactivate" : "catalogue.admin.deactivate"),
        cancel: t("common.cancel"),
      },
      confirmProps: { color: active ? "teal" : "red" },
      onConfirm: () => change.mutate({ offer, patch: { active } }),
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Stack gap={2}>
          <Title order={1}>{t("catalogue.admin.title")}</Title>
          <Text c="dimmed" size="sm">
            {t("catalogue.admin.intro")}
          </Text>
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ opened: true, offer: null })}>
          {t("catalogue.admin.new")}
        </Button>
      </Group>

      <QueryTable
        state={offers}
        rows={offers.data}
        minWidth={980}
        headers={[
          t("catalogue.admin.offer"),
          t("catalogue.category"),
          t("catalogue.admin.prices"),
          t("common.actions"),
        ]}
        empty={t("catalogue.admin.empty")}
        rowKey={(offer) => offer.id}
        renderRow={(offer) => (
          <>
            <Table.Td>
              <Stack gap={2}>
                <Group gap={6}>
                  <Text fw={600} c={offer.active ? undefined : "dimmed"}>
                    {offer.name}
                  </Text>
                  {offer.objective && (
                    <Badge color="yellow" variant="filled" tt="none" leftSection={<IconStar size={12} />}>
                      {t("catalogue.objective")}
                    </Badge>
                  )}
                  {!offer.active && (
                    <Badge color="gray" variant="light" tt="none">
                      {t("catalogue.admin.inactive")}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" ff="monospace">
                  {offer.code}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td>{t(`catalogue.categories.${offer.category}`)}</Table.Td>
            <Table.Td miw={280}>
              {offer.prices.length === 0 ? (
                <Text size="sm" c="dimmed" fs="italic">
                  {t("catalogue.admin.noPrices")}
                </Text>
              ) : (
                <Stack gap={2}>
                  {offer.prices.map((price) => (
                    <Group key={price.id} gap={6} wrap="nowrap">
                      {price.objective && (
                        <IconStar
                          size={12}
                          color="var(--mantine-color-yellow-7)"
                          aria-label={t("catalogue.objective")}
                        />
                      )}
                      <Text size="sm">
                        {price.label ? `${price.label} — ` : ""}
                        {profileLabel(price)} : <strong>{formatFcfa(price.amountXof)}</strong>
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Table.Td>
            <Table.Td miw={260}>
              <Group gap={4}>
                <Button size="compact-sm" variant="light" onClick={() => setEditing({ opened: true, offer })}>
                  {t("common.edit")}
                </Button>
                <Button
                  size="compact-sm"
                  variant="light"
                  color="yellow"
                  leftSection={offer.objective ? <IconStarOff size={14} /> : <IconStar size={14} />}
                  onClick={() => change.mutate({ offer, patch: { objective: !offer.objective } })}
                >
                  {offer.objective ? t("catalogue.admin.unflag") : t("catalogue.admin.flag")}
                </Button>
                <Button
                  size="compact-sm"
                  variant="light"
                  color={offer.active ? "red" : "teal"}
                  onClick={() => confirmActive(offer, !offer.active)}
                >
                  {offer.active ? t("catalogue.admin.deactivate") : t("catalogue.admin.reactivate")}
                </Button>
              </Group>
            </Table.Td>
          </>
        )}
      />

      <OfferFormModal
        opened={editing.opened}
        offer={editing.offer}
        onClose={() => setEditing((state) => ({ ...state, opened: false }))}
      />
    </Stack>
  );
}

import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { OFFER_CATEGORIES } from "../../../../shared/catalogue.ts";
import {
  type CreateOfferInput,
  catalogueKeys,
  createOffer,
  listOffers,
  type Offer,
  type OfferCategory,
  type UpdateOfferInput,
  updateOffer,
} from "../../api/catalogue.ts";
import { ErrorAlert, isVersionConflict, notifySuccess } from "../../components/feedback.tsx";
import { splitApiError, useFormState } from "../../components/form.ts";

type Tri = "" | "yes" | "no";
const tri = (value: boolean | null): Tri => (value === null ? "" : value ? "yes" : "no");
const fromTri = (value: Tri): boolean | null => (value === "" ? null : value === "yes");

interface PriceRow {
  /** Stable key of the row in the form; the price's id once saved. */
  key: string;
  id?: string;
  insured: Tri;
  member: Tri;
  room: "" | "single" | "double";
  label: string;
  amount: number | "";
  objective: boolean;
}

interface Values {
  code: string;
  name: string;
  category: OfferCategory;
  description: string;
  position: number | "";
  objective: boolean;
  active: boolean;
  prices: PriceRow[];
}

let rowSequence = 0;
const newRow = (): PriceRow => {
  rowSequence += 1;
  return { key: `new-${rowSequence}`, insured: "", member: "", room: "", label: "", amount: "", objective: false };
};

const valuesOf = (offer: Offer | null): Values => ({
  code: offer?.code ?? "",
  name: offer?.name ?? "",
  category: offer?.category ?? "consultation",
  description: offer?.description ?? "",
  position: offer?.position ?? 0,
  objective: offer?.objective ?? false,
  active: offer?.active ?? true,
  prices: (offer?.prices ?? []).map((p) => ({
    key: p.id,
    id: p.id,
    insured: tri(p.insured),
    member: tri(p.member),
    room: p.room ?? "",
    label: p.label ?? "",
    amount: p.amountXof,
    objective: p.objective,
  })),
});

const TOP_FIELDS = new Set(["code", "name", "category", "description", "position"]);
const isKnownField = (field: string) => TOP_FIELDS.has(field) || /^prices\.\d+(\.\w+)?$/.test(field);

/** "Nouvelle offre" (offer = null) or "Modifier l'offre", prices included. */
export function OfferFormModal({
  opened,
  offer,
  onClose,
}: {
  opened: boolean;
  offer: Offer | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={offer ? t("catalogue.admin.editTitle", { name: offer.name }) : t("catalogue.admin.createTitle")}
    >
      {opened && <OfferForm key={offer?.id ?? "new"} offer={offer} onClose={onClose} />}
    </Modal>
  );
}

function OfferForm({ offer, onClose }: { offer: Offer | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(offer);
  const form = useFormState<Values>(() => valuesOf(offer));
  const { values, errors } = form;

  const pricesOf = (v: Values) =>
    v.prices.map((p) => ({
      ...(p.id ? { id: p.id } : {}),
      insured: fromTri(p.insured),
      member: fromTri(p.member),
      room: p.room === "" ? null : p.room,
      label: p.label.trim() || null,
      amountXof: p.amount === "" ? -1 : p.amount,
      objective: p.objective,
    }));

  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      const common = {
        code: v.code.trim(),
        name: v.name.trim(),
        category: v.category,
        description: v.description.trim() || null,
        position: v.position === "" ? 0 : v.position,
        objective: v.objective,
        active: v.active,
        prices: pricesOf(v),
      };
      if (!base) return createOffer(common satisfies CreateOfferInput);
      const changes: UpdateOfferInput = { version: base.version, ...common };
      return updateOffer(base.id, changes);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.offers });
      notifySuccess(base ? t("catalogue.admin.updated") : t("catalogue.admin.created"));
      onClose();
    },
    onError: (error) => form.setErrors(splitApiError(error, isKnownField).fieldErrors),
  });

  const reload = async () => {
    if (!base) return;
    const offers = await queryClient.fetchQuery({ queryKey: catalogueKeys.list, queryFn: listOffers, staleTime: 0 });
    const fresh = offers.find((o) => o.id === base.id) ?? null;
    mutation.reset();
    if (!fresh) return onClose();
    setBase(fresh);
    form.reset(valuesOf(fresh));
  };

  const setPrice = (index: number, patch: Partial<PriceRow>) => {
    form.setValues((prev) => ({
      ...prev,
      prices: prev.prices.map((p, i) => (i === index ? { ...p, ...patch } : p)),
    }));
    for (const key of Object.keys(patch)) form.clearError(`prices.${index}.${key === "amount" ? "amountXof" : key}`);
    form.clearError(`prices.${index}`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!values.code.trim()) found.code = t("form.required");
    if (!values.name.trim()) found.name = t("form.required");
    values.prices.forEach((p, i) => {
      if (p.amount === "") found[`prices.${i}.amountXof`] = t("form.required");
    });
    form.setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.reset();
    mutation.mutate(values);
  };

  const alert = mutation.error ? splitApiError(mutation.error, isKnownField).message : null;
  const triOptions = [
    { value: "", label: t("catalogue.any") },
    { value: "yes", label: t("catalogue.yes") },
    { value: "no", label: t("catalogue.no") },
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert
          error={mutation.error}
          message={isVersionConflict(mutation.error) ? undefined : alert}
          onReload={reload}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("catalogue.admin.name")}
            required
            data-autofocus
            maxLength={120}
            {...form.textProps("name")}
          />
          <TextInput
            label={t("catalogue.admin.code")}
            description={t("catalogue.admin.codeHelp")}
            required
            maxLength={40}
            {...form.textProps("code")}
          />
          <Select
            label={t("catalogue.category")}
            required
            allowDeselect={false}
            data={OFFER_CATEGORIES.map((c) => ({ value: c, label: t(`catalogue.categories.${c}`) }))}
            value={values.category}
            onChange={(value) => value && form.setField("category", value as OfferCategory)}
            error={errors.category}
          />
        </SimpleGrid>
        <Textarea
          label={t("catalogue.admin.description")}
          autosize
          minRows={2}
          maxLength={2000}
          value={values.description}
          onChange={(event) => form.setField("description", event.currentTarget.value)}
          error={errors.description}
        />
        <Group align="flex-end">
          <NumberInput
            label={t("catalogue.admin.position")}
            min={0}
            max={100000}
            allowDecimal={false}
            w={140}
            value={values.position}
            onChange={(value) => form.setField("position", typeof value === "number" ? value : "")}
            error={errors.position}
          />
          <Switch
            label={t("catalogue.admin.objectiveOffer")}
            checked={values.objective}
            onChange={(event) => form.setField("objective", event.currentTarget.checked)}
            mb={8}
          />
          <Switch
            label={t("catalogue.admin.activeOffer")}
            checked={values.active}
            onChange={(event) => form.setField("active", event.currentTarget.checked)}
            mb={8}
          />
        </Group>

        <Stack gap={4}>
          <Text fw={600}>{t("catalogue.admin.prices")}</Text>
          <Text size="sm" c="dimmed">
            {t("catalogue.admin.pricesHelp")}
          </Text>
        </Stack>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("catalogue.insured")}</Table.Th>
                <Table.Th>{t("catalogue.member")}</Table.Th>
                <Table.Th>{t("catalogue.room")}</Table.Th>
                <Table.Th>{t("catalogue.admin.variant")}</Table.Th>
                <Table.Th>{t("catalogue.admin.amount")}</Table.Th>
                <Table.Th>{t("catalogue.admin.priceObjective")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {values.prices.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text size="sm" c="dimmed">
                      {t("catalogue.admin.noPrices")}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {values.prices.map((price, i) => (
                <Table.Tr key={price.key}>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t("catalogue.insured")}
                      size="xs"
                      data={triOptions}
                      value={price.insured}
                      onChange={(event) => setPrice(i, { insured: event.currentTarget.value as Tri })}
                      error={errors[`prices.${i}.insured`] ?? errors[`prices.${i}`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t("catalogue.member")}
                      size="xs"
                      data={triOptions}
                      value={price.member}
                      onChange={(event) => setPrice(i, { member: event.currentTarget.value as Tri })}
                      error={errors[`prices.${i}.member`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={t("catalogue.room")}
                      size="xs"
                      data={[
                        { value: "", label: t("catalogue.any") },
                        { value: "single", label: t("catalogue.single") },
                        { value: "double", label: t("catalogue.double") },
                      ]}
                      value={price.room}
                      onChange={(event) => setPrice(i, { room: event.currentTarget.value as PriceRow["room"] })}
                      error={errors[`prices.${i}.room`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={t("catalogue.admin.variant")}
                      size="xs"
                      maxLength={120}
                      value={price.label}
                      onChange={(event) => setPrice(i, { label: event.currentTarget.value })}
                      error={errors[`prices.${i}.label`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={t("catalogue.admin.amount")}
                      size="xs"
                      min={0}
                      allowDecimal={false}
                      allowNegative={false}
                      thousandSeparator=" "
                      suffix=" FCFA"
                      value={price.amount}
                      onChange={(value) => setPrice(i, { amount: typeof value === "number" ? value : "" })}
                      error={errors[`prices.${i}.amountXof`]}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={t("catalogue.admin.priceObjective")}
                      checked={price.objective}
                      onChange={(event) => setPrice(i, { objective: event.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t("catalogue.admin.removePrice")}
                      onClick={() =>
                        form.setValues((prev) => ({ ...prev, prices: prev.prices.filter((_, j) => j !== i) }))
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => form.setValues((prev) => ({ ...prev, prices: [...prev.prices, newRow()] }))}
          >
            {t("catalogue.admin.addPrice")}
          </Button>
        </Group>

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

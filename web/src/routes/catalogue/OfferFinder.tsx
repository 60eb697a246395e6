import { Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch, IconStar } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { OFFER_CATEGORIES } from "../../../../shared/catalogue.ts";
import {
  catalogueKeys,
  type FoundOffer,
  findOffers,
  type OfferCategory,
  type OfferPrice,
  type Room,
} from "../../api/catalogue.ts";
import { ErrorAlert, PageLoader } from "../../components/feedback.tsx";
import { formatFcfa, useProfileLabel } from "./format.ts";

export interface OfferFinderProps {
  /** The caller's profile when known (from the record): the toggles start there; null or absent = not asked. */
  insured?: boolean | null;
  member?: boolean | null;
  room?: "single" | "double" | null;
  /** Shows a "Choisir" button on each offer. */
  onChooseOffer?: (offer: FoundOffer) => void;
  /** Shows an "Ajouter" button on each price (the quote builder). */
  onChoosePrice?: (offer: FoundOffer, price: OfferPrice) => void;
  /** false: no profile toggles of its own, the props alone set the profile (a screen that asks it already). */
  profileControls?: boolean;
}

type Tri = "any" | "yes" | "no";
const toTri = (value: boolean | null | undefined): Tri => (value === true ? "yes" : value === false ? "no" : "any");
const fromTri = (value: Tri): boolean | null => (value === "any" ? null : value === "yes");

/**
 * The offer finder of the call screen and the catalogue page: the caller's
 * profile (insured, member, room), a category and words; the matching offers
 * with their prices in FCFA, the clinic's current objectives first and marked
 * "Objectif du moment" (procedure 1).
 */
export function OfferFinder({
  insured,
  member,
  room,
  onChooseOffer,
  onChoosePrice,
  profileControls = true,
}: OfferFinderProps) {
  const { t } = useTranslation();
  const [insuredTri, setInsuredTri] = useState<Tri>(toTri(insured));
  const [memberTri, setMemberTri] = useState<Tri>(toTri(member));
  const [roomChoice, setRoomChoice] = useState<Room | "any">(room ?? "any");
  const [category, setCategory] = useState<OfferCategory | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const id = useId();

  // A profile learned later in the call (the record opened) moves the toggles.
  useEffect(() => setInsuredTri(toTri(insured)), [insured]);
  useEffect(() => setMemberTri(toTri(member)), [member]);
  useEffect(() => setRoomChoice(room ?? "any"), [room]);

  const query = {
    insured: fromTri(insuredTri),
    member: fromTri(memberTri),
    room: roomChoice === "any" ? null : roomChoice,
    category,
    q,
  };
  const result = useQuery({
    queryKey: catalogueKeys.finder(query),
    queryFn: ({ signal }) => findOffers(query, signal),
    placeholderData: keepPreviousData,
  });

  const tri = [
    { value: "any", label: t("catalogue.any") },
    { value: "yes", label: t("catalogue.yes") },
    { value: "no", label: t("catalogue.no") },
  ];

  return (
    <Stack gap="sm">
      {/* Wraps in a narrow container (the quote builder, the call screen's side panel). */}
      {profileControls && (
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Stack gap={4} flex="1 1 190px">
            <Text size="sm" fw={500} id={`${id}-insured`}>
              {t("catalogue.insured")}
            </Text>
            <SegmentedControl
              aria-labelledby={`${id}-insured`}
              size="xs"
              data={tri}
              value={insuredTri}
              onChange={(value) => setInsuredTri(value as Tri)}
            />
          </Stack>
          <Stack gap={4} flex="1 1 190px">
            <Text size="sm" fw={500} id={`${id}-member`}>
              {t("catalogue.member")}
            </Text>
            <SegmentedControl
              aria-labelledby={`${id}-member`}
              size="xs"
              data={tri}
              value={memberTri}
              onChange={(value) => setMemberTri(value as Tri)}
            />
          </Stack>
          <Stack gap={4} flex="1 1 190px">
            <Text size="sm" fw={500} id={`${id}-room`}>
              {t("catalogue.room")}
            </Text>
            <SegmentedControl
              aria-labelledby={`${id}-room`}
              size="xs"
              data={[
                { value: "any", label: t("catalogue.any") },
                { value: "single", label: t("catalogue.single") },
                { value: "double", label: t("catalogue.double") },
              ]}
              value={roomChoice}
              onChange={(value) => setRoomChoice(value as Room | "any")}
            />
          </Stack>
        </Group>
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          flex="1 1 190px"
          label={t("catalogue.category")}
          placeholder={t("catalogue.allCategories")}
          clearable
          data={OFFER_CATEGORIES.map((c) => ({ value: c, label: t(`catalogue.categories.${c}`) }))}
          value={category}
          onChange={(value) => setCategory(value as OfferCategory | null)}
        />
        <TextInput
          flex="1 1 190px"
          label={t("catalogue.search")}
          placeholder={t("catalogue.searchPlaceholder")}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
      </Group>

      {result.isPending ? (
        <PageLoader />
      ) : result.error ? (
        <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
      ) : result.data.offers.length === 0 ? (
        <Text c="dimmed">{t("catalogue.noResult")}</Text>
      ) : (
        <Stack gap="sm" aria-live="polite">
          {result.data.offers.map((offer) => (
            <OfferCard key={offer.id} offer={offer} onChooseOffer={onChooseOffer} onChoosePrice={onChoosePrice} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function OfferCard({
  offer,
  onChooseOffer,
  onChoosePrice,
}: {
  offer: FoundOffer;
  onChooseOffer?: (offer: FoundOffer) => void;
  onChoosePrice?: (offer: FoundOffer, price: OfferPrice) => void;
}) {
  const { t } = useTranslation();
  const profileLabel = useProfileLabel();
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      bg={offer.isObjective ? "yellow.0" : undefined}
      style={offer.isObjective ? { borderColor: "var(--mantine-color-yellow-5)" } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{offer.name}</Text>
            <Badge variant="light" color="gray" tt="none">
              {t(`catalogue.categories.${offer.category}`)}
            </Badge>
            {offer.isObjective && (
              <Badge color="yellow" variant="filled" tt="none" leftSection={<IconStar size={12} />}>
                {t("catalogue.objective")}
              </Badge>
            )}
          </Group>
          {offer.description && (
            <Text size="sm" c="dimmed">
              {offer.description}
            </Text>
          )}
        </Stack>
        {onChooseOffer && (
          <Button size="compact-sm" variant="light" onClick={() => onChooseOffer(offer)}>
            {t("catalogue.choose")}
          </Button>
        )}
      </Group>
      {offer.prices.length === 0 ? (
        <Text size="sm" mt="xs" fs="italic">
          {t("catalogue.noPrice")}
        </Text>
      ) : (
        <Table mt="xs" verticalSpacing={4} withRowBorders={false}>
          <Table.Tbody>
            {offer.prices.map((price) => (
              <Table.Tr key={price.id}>
                <Table.Td>
                  <Text size="sm">
                    {price.label ? `${price.label} — ` : ""}
                    {profileLabel(price)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    {price.objective && (
                      <IconStar size={14} color="var(--mantine-color-yellow-7)" aria-label={t("catalogue.objective")} />
                    )}
                    <Text size="sm" fw={600}>
                      {formatFcfa(price.amountXof)}
                    </Text>
                  </Group>
                </Table.Td>
                {onChoosePrice && (
                  <Table.Td w={1}>
                    <Button size="compact-xs" variant="light" onClick={() => onChoosePrice(offer, price)}>
                      {t("catalogue.addLine")}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

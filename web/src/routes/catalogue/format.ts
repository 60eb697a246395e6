import { useTranslation } from "react-i18next";
import type { OfferPrice } from "../../api/catalogue.ts";

const number = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

/** An amount in XOF as staff write it: "1 250 000 FCFA" (XOF has no decimals). */
export function formatFcfa(amount: number): string {
  return `${number.format(amount)}\u00a0FCFA`;
}

/** The profile a price is for, in words: "Tarif Adhérent · assurée · chambre simple", or "Tous profils". */
export function useProfileLabel() {
  const { t } = useTranslation();
  return (price: Pick<OfferPrice, "insured" | "member" | "room">): string => {
    const parts = [
      price.member === null ? null : t(price.member ? "catalogue.profile.member" : "catalogue.profile.notMember"),
      price.insured === null ? null : t(price.insured ? "catalogue.profile.insured" : "catalogue.profile.notInsured"),
      price.room === null ? null : t(`catalogue.profile.${price.room}`),
    ].filter((part): part is string => part !== null);
    return parts.length ? parts.join(" · ") : t("catalogue.profile.any");
  };
}

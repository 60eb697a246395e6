/**
 * The colour band of a quality-dashboard figure against the clinic's target
 * (settings.complianceTargetPercent, 90 by default), the same on the screen
 * and in the monthly PDF: green from the target, orange down to 20 points
 * below it, red under that, grey when nothing was due (no figure).
 */
export type ComplianceBand = "good" | "near" | "below" | "none";

/** How far under the target a figure is still orange rather than red (percentage points). */
export const NEAR_TARGET_POINTS = 20;

/**
 * The figure is compared as it is shown, a whole percent (89.6 % shows « 90 % »
 * and is at a 90 % target). A rate to keep low (no-shows) is compared by its
 * complement: 5 % of appointments missed is 95 % kept, green at a 90 % target.
 */
export function complianceBand(value: number | null, targetPercent: number, lowerIsBetter = false): ComplianceBand {
  if (value === null) return "none";
  const shown = Math.round(value * 100);
  const achieved = lowerIsBetter ? 100 - shown : shown;
  if (achieved >= targetPercent) return "good";
  if (achieved >= targetPercent - NEAR_TARGET_POINTS) return "near";
  return "below";
}

/** Colours of the bands: Mantine colour names for the screen, the same shades in hex for the PDF. */
export const BAND_COLORS: Record<ComplianceBand, { mantine: string; hex: string }> = {
  good: { mantine: "teal.9", hex: "#087f5b" },
  near: { mantine: "orange.9", hex: "#d9480f" },
  below: { mantine: "red.9", hex: "#c92a2a" },
  none: { mantine: "gray.6", hex: "#868e96" },
};

const PERCENT = new Intl.NumberFormat("fr", { style: "percent", maximumFractionDigits: 0 });

/**
 * A share as French writes it, « 90 % » with the no-break space Intl puts
 * before the sign (U+202F), so that « % » never starts a line; « — » when
 * there is no figure.
 */
export function formatPercent(value: number | null): string {
  return value === null ? "—" : PERCENT.format(Math.round(value * 100) / 100);
}

import { Marked, type Tokens } from "marked";
import { type CampaignPurpose, SMS_OPT_OUT } from "../../../shared/campaigns.ts";
import { renderSms } from "../../../shared/sms-templates.ts";
import { measureSms, type SmsMeasure } from "../../../shared/sms-text.ts";
import type { Settings } from "../settings/settings.schema.ts";

/**
 * A campaign's messages, rendered once per batch as templates, then made personal for each recipient:
 * `{prenom}` and `{nom}`, and the recipient's own token in the unsubscribe link (and in the tracked links).
 */
export const TOKEN_SLOT = "%%RELAIS_TOKEN%%";

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const SAFE_LINK = /^(https?:|mailto:|tel:)/i;
const SAFE_IMAGE = /^https?:/i;

/**
 * Markdown written by the staff, as HTML that cannot carry a script: raw HTML is shown as text, links
 * only to the web, an address or a phone, images only from the web. `track` gives a link its new address.
 */
function markdownToHtml(markdown: string, track?: (href: string) => string | undefined): string {
  const marked = new Marked({
    gfm: true,
    breaks: true,
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      link(token: Tokens.Link) {
        const inner = this.parser.parseInline(token.tokens);
        if (!SAFE_LINK.test(token.href)) return inner;
        const href = track?.(token.href) ?? token.href;
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
        return `<a href="${escapeHtml(href)}"${title} style="color:#7a2a5a">${inner}</a>`;
      },
      image(token: Tokens.Image) {
        if (!SAFE_IMAGE.test(token.href)) return escapeHtml(token.text);
        return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" style="max-width:100%;height:auto">`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

/** The web links of a Markdown text, in order, once each (the links a campaign may count clicks on). */
export function linksOf(markdown: string): string[] {
  const found: string[] = [];
  markdownToHtml(markdown, (href) => {
    if (/^https?:/i.test(href) && !found.includes(href)) found.push(href);
    return undefined;
  });
  return found;
}

const PURPOSE_WORDS: Record<CampaignPurpose, string> = {
  newsletter: "les newsletters",
  offers_events: "les offres et invitations",
};

/** What the unsubscribe page and the footer call the messages: « les newsletters de la clinique NEST ». */
export const purposeWords = (purpose: CampaignPurpose, clinicName: string) =>
  `${PURPOSE_WORDS[purpose]} de la clinique ${clinicName}`;

export const publicBase = (settings: Settings) => settings.surveys.publicBaseUrl.replace(/\/+$/, "");

export interface EmailTemplate {
  subject: string;
  html: string;
  text: string;
}

export interface EmailSource {
  purpose: CampaignPurpose;
  subject: string;
  markdown: string;
  /** When clicks are counted: each link's id (campaign_links). */
  trackedLinks?: ReadonlyMap<string, string>;
}

/**
 * The e-mail of a campaign with `TOKEN_SLOT` where each recipient's token goes: a simple HTML layout
 * (the clinic's name, the text, the signature, a visible « Se désinscrire » link) and its plain-text part
 * (the Markdown itself, the signature, the link).
 */
export function renderEmailTemplate(settings: Settings, source: EmailSource): EmailTemplate {
  const base = publicBase(settings);
  const unsubscribe = `${base}/u/${TOKEN_SLOT}`;
  const clinic = settings.clinicName;
  const track = source.trackedLinks
    ? (href: string) => {
        const id = source.trackedLinks?.get(href);
        return id ? `${base}/c/${TOKEN_SLOT}/${id}` : undefined;
      }
    : undefined;
  const body = markdownToHtml(source.markdown, track);
  const signature = settings.campaigns.signatureMarkdown ? markdownToHtml(settings.campaigns.signatureMarkdown) : "";
  const why = `Vous recevez ce message car vous avez accepté de recevoir ${purposeWords(source.purpose, clinic)} par e-mail.`;
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(source.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f1f3">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f1f3"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px">
<tr><td style="padding:16px 24px;background:#7a2a5a;color:#ffffff;font-family:Arial,sans-serif;font-size:20px;font-weight:bold;border-radius:8px 8px 0 0">Clinique ${escapeHtml(clinic)}</td></tr>
<tr><td style="padding:24px;font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#222222">
${body}
<div style="margin-top:24px;padding-top:12px;border-top:1px solid #eeeeee;color:#444444">${signature}</div>
</td></tr>
<tr><td style="padding:16px 24px;font-family:Arial,sans-serif;font-size:12px;line-height:1.4;color:#666666">${escapeHtml(why)}<br><a href="${escapeHtml(unsubscribe)}" style="color:#7a2a5a">Se désinscrire</a></td></tr>
</table></td></tr></table>
</body></html>`;
  const text = [
    source.markdown.trim(),
    "",
    "--",
    settings.campaigns.signatureMarkdown.trim(),
    "",
    why,
    `Se désinscrire : ${unsubscribe}`,
    "",
  ].join("\n");
  return { subject: source.subject, html, text };
}

export interface Recipient {
  firstName: string;
  lastName: string;
  token: string;
}

const fill = (text: string, firstName: string, lastName: string, token: string) =>
  text.replaceAll("{prenom}", firstName).replaceAll("{nom}", lastName).replaceAll(TOKEN_SLOT, token);

/** The template made personal: her names (escaped in the HTML) and her token. */
export function personalize(template: EmailTemplate, recipient: Recipient): EmailTemplate {
  const { firstName, lastName, token } = recipient;
  return {
    subject: fill(template.subject, firstName, lastName, token),
    html: fill(template.html, escapeHtml(firstName), escapeHtml(lastName), token),
    text: fill(template.text, firstName, lastName, token),
  };
}

/** A campaign's SMS for one person: her names in the text, the opt-out at the end. */
export function renderCampaignSms(text: string, firstName: string, lastName: string): string {
  return `${renderSms(text, { prenom: firstName, nom: lastName })}\n${SMS_OPT_OUT}`;
}

/** Length, encoding and segments of a campaign SMS, measured on a sample name. */
export function measureCampaignSms(text: string, sample = { firstName: "Aminata", lastName: "Diallo" }): SmsMeasure {
  return measureSms(renderCampaignSms(text, sample.firstName, sample.lastName));
}

/** The newsletter as plain text for the mothers' group (WhatsApp, Facebook): no personal link. */
export function pasteText(settings: Settings, subject: string, markdown: string): string {
  const anonymous = (value: string) => value.replace(/,?[ \t]*\{(prenom|nom)\}/g, "");
  const text = anonymous(markdown)
    .replace(/!\[([^\]]*)\]\(([^)]+)\)/g, "$2")
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, "$1 ($2)")
    .replace(/^#{1,6}\s*/gm, "")
    .replace(/\*\*([^*]+)\*\*/g, "*$1*")
    .trim();
  return `*${anonymous(subject)}*\n\n${text}\n\n${settings.campaigns.signatureMarkdown.trim()}\n`;
}

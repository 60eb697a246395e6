import { describe, expect, it } from "vitest";
import { ADMIN, createProspectThroughApi, logIn, setUpBrowserAndServer } from "./support.ts";

const { browser, server } = setUpBrowserAndServer();

interface InteractionView {
  channel: string;
  comment: string | null;
  documentsRequested: boolean;
}

describe("a cold prospect (procedure 4) and documentation asked for but not sent (rule docs-pending)", () => {
  it("the links come from the settings; the record, the timeline and the call screen say what to do", async () => {
    const context = await browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("pageerror", e));
    await logIn(page, server().url, ADMIN.email, ADMIN.password);
    await page.getByRole("heading", { level: 1, name: "Bonjour, Administrateur" }).waitFor();

    // Administration › Paramètres: the clinic's address and phone, the two links (a link left empty is none).
    await page.goto(`${server().url}/admin/settings`);
    const website = page.getByLabel("Site web", { exact: true });
    await website.waitFor();
    expect(await website.inputValue()).toBe("https://www.nest.sn");
    expect(await page.getByLabel("Adresse de la clinique").inputValue()).toBe("Dakar, Sénégal");
    await page.getByLabel("Téléphone de la clinique").fill("+221 33 820 00 00");
    await website.fill("nest.sn");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByText("URL invalide").waitFor();
    await website.fill("https://clinique-nest.sn");
    await page.getByLabel("Page Facebook").fill("");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await page.getByText("Paramètres enregistrés.").waitFor();
    const { settings } = await (await page.request.get(`${server().url}/api/settings`)).json();
    expect(settings).toMatchObject({
      clinicPhone: "+221 33 820 00 00",
      websiteUrl: "https://clinique-nest.sn",
      facebookUrl: "",
    });

    // The cold prospect's page: no follow-up call, the link to give.
    const prospect = await createProspectThroughApi(page, server().url, {
      lastName: "Faye",
      firstName: "Ndeye",
      phones: ["77 555 12 34"],
      birthDate: "1995-02-03",
      temperature: "cold",
    });
    await page.goto(`${server().url}/prospects/${prospect.id}`);
    const notice = page.getByRole("note");
    await notice.getByText("Prospect froid : pas d'appel de relance (procédure 4) — liens à transmettre :").waitFor();
    expect(await notice.getByRole("link", { name: "site web" }).getAttribute("href")).toBe("https://clinique-nest.sn");
    expect(await notice.getByRole("link", { name: "Facebook" }).count()).toBe(0);

    // An interaction « documentation demandée »: the timeline shows it is still to send.
    await page.getByLabel("Commentaire").fill("Souhaite la plaquette, pas d'e-mail");
    await page.getByRole("checkbox", { name: "Documentation demandée (à envoyer)" }).check();
    await page.getByRole("button", { name: "Enregistrer l'interaction" }).click();
    await page.getByTestId("interaction").getByText("Documentation à envoyer").waitFor();
    expect(await page.getByRole("checkbox", { name: "Documentation demandée (à envoyer)" }).isChecked()).toBe(false);
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/cold-prospect-record.png` });
    }

    // The guided call screen: she calls again; the documentation cannot leave (no email), « Envoyer plus tard ».
    await page.getByRole("navigation").getByRole("link", { name: "Prendre un appel" }).click();
    await page.getByRole("heading", { level: 1, name: "NEST, Administrateur, BONJOUR !" }).waitFor();
    await page.keyboard.press("Enter");
    await page.getByLabel("Si j'ai bien compris votre demande, vous souhaitez…").waitFor();
    await page.keyboard.type("recevoir la plaquette");
    await page.getByRole("radio", { name: "Oui" }).check();
    await page.keyboard.press("Enter");
    await page.getByLabel("Numéro de téléphone de l'appelante").waitFor();
    await page.keyboard.type("77 555 12 34");
    await page.getByText("CAS 1 : la fiche existe — ouvrez-la :").waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("article", { name: "Fiche de l'appelante" }).getByText("Froid").waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Enregistrer l'interaction" }).click();

    await page.getByRole("button", { name: /Informations \+ envoi de documentation/ }).click();
    await page.getByText("« Souhaiteriez-vous que l'on vous envoie la documentation ? »").waitFor();
    await page.getByRole("button", { name: "Envoyer plus tard" }).click();
    await page.getByText("Demande de documentation notée sur la fiche : à envoyer aujourd'hui.").waitFor();
    expect(await page.getByRole("button", { name: "Envoyer plus tard" }).count()).toBe(0);
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/cold-prospect-send-later.png`, fullPage: true });
    }

    // Closing: the sentence of procedure 4 with the link of the settings, then the closing formula.
    await page.keyboard.press("Alt+C");
    await page
      .getByText(
        "« Pour en savoir plus sur NEST : notre site https://clinique-nest.sn. " +
          "Laissez-nous votre téléphone ou votre e-mail pour recevoir notre documentation. »",
      )
      .waitFor();
    await page.getByText("« Merci Madame FAYE et à très bientôt ! Au revoir. »").waitFor();
    if (process.env.E2E_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/cold-prospect-closing.png`, fullPage: true });
    }
    await page.getByRole("button", { name: "Clore l'appel" }).click();
    await page.getByRole("heading", { name: "Appel terminé" }).waitFor();

    // On the record: the two requests to send, the call's own interaction without.
    const history = (await (
      await page.request.get(`${server().url}/api/prospects/${prospect.id}/interactions`)
    ).json()) as InteractionView[];
    expect(history.map((i) => [i.channel, i.documentsRequested])).toEqual([
      ["phone_in", true],
      ["phone_in", false],
      ["phone_in", true],
    ]);
    expect(history[0]?.comment).toBe("Documentation demandée, non envoyée pendant l'appel : à envoyer.");
    await context.close();
  });
});

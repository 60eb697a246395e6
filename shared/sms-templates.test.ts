import { describe, expect, it } from "vitest";
import { appointmentValues, pickTemplate, renderSms, smsDate, smsTime, unknownVariables } from "./sms-templates.ts";

describe("SMS templates", () => {
  it("say the date and time as the clinic does, in its time zone", () => {
    // 8 December 2026 is a Tuesday; Dakar is UTC+0, Paris UTC+1.
    expect(smsDate(new Date("2026-12-08T09:30:00Z"), "Africa/Dakar")).toBe("mardi 8 décembre");
    expect(smsTime(new Date("2026-12-08T09:30:00Z"), "Africa/Dakar")).toBe("09h30");
    expect(smsTime(new Date("2026-12-08T23:30:00Z"), "Europe/Paris")).toBe("00h30");
    expect(smsDate(new Date("2026-12-08T23:30:00Z"), "Europe/Paris")).toBe("mercredi 9 décembre");
  });

  it("fill the variables, and an empty one leaves no double space nor a space before a comma", () => {
    const values = appointmentValues({
      firstName: "Awa",
      lastName: "Diop",
      startsAt: new Date("2026-12-08T09:30:00Z"),
      timeZone: "Africa/Dakar",
      siteName: "NEST Plateau",
      siteAddress: "Rue 10, Plateau",
      practitioner: null,
      service: null,
      clinicPhone: "33 800 00 00",
    });
    expect(
      renderSms(
        "Bonjour {prenom} {nom}, RDV {service} le {date} à {heure} avec {praticien}, {site} ({adresse_site}).",
        values,
      ),
    ).toBe("Bonjour Awa Diop, RDV le mardi 8 décembre à 09h30 avec, NEST Plateau (Rue 10, Plateau).");
    expect(renderSms("{prenom} {inconnu}", values)).toBe("Awa {inconnu}");
    expect(unknownVariables("Bonjour {prenom}, {heur} {date} {Nom}")).toEqual(["heur"]);
  });

  it("choose the site's and service's own text before the general one", () => {
    const templates = [
      { kind: "appointment_reminder", site: null, serviceId: null, text: "general" },
      { kind: "appointment_reminder", site: "PLATEAU", serviceId: null, text: "plateau" },
      { kind: "appointment_reminder", site: null, serviceId: "s1", text: "service" },
      { kind: "appointment_reminder", site: "PLATEAU", serviceId: "s1", text: "both" },
      { kind: "appointment_moved", site: null, serviceId: null, text: "moved" },
    ];
    const pick = (site: string | null, service: string | null) =>
      pickTemplate(templates, "appointment_reminder", site, service)?.text;
    expect([pick("PLATEAU", "s1"), pick("CLINIQUE", "s1"), pick("PLATEAU", "s2"), pick("CLINIQUE", null)]).toEqual([
      "both",
      "service",
      "plateau",
      "general",
    ]);
    expect(pickTemplate(templates, "appointment_moved", "PLATEAU", "s1")?.text).toBe("moved");
  });
});

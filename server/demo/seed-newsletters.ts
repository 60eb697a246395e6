import { inArray } from "drizzle-orm";
import type { ManualClock } from "../clock.ts";
import type { Ctx } from "../context.ts";
import { people } from "../db/schema/index.ts";
import { createCampaign } from "../modules/campaigns/manage-campaigns.ts";
import { recordConsent } from "../modules/consents/record-consent.ts";
import { changeMembership } from "../modules/mothers-group/memberships.ts";
import { createSegment } from "../modules/segments/segments.ts";

const NEWSLETTER = `## L'allaitement, les premières semaines

Bonjour {prenom},

Ce mois-ci, nos sages-femmes répondent aux questions que vous nous posez le plus souvent :

- **Combien de tétées par jour ?** Entre 8 et 12 les premières semaines, à la demande.
- **Comment savoir s'il boit assez ?** Six couches mouillées par jour, une prise de poids régulière.
- **Et si cela fait mal ?** Prenez rendez-vous : une consultation d'allaitement règle souvent tout en une fois.

Le Groupe des Mamans NEST en parle aussi : demandez le lien à l'accueil.`;

/**
 * Issue 16 in the demonstration: consents as the forms record them (the entry interview, the 36 SA call), two
 * saved segments, a monthly newsletter ready to send by e-mail and SMS, the mothers' group's first members.
 * Through the use cases, at `asOf`. `women` are women's patient records (the first ones are used).
 */
export async function seedNewsletters(
  demo: Ctx,
  clock: ManualClock,
  asOf: Date,
  women: { id: string }[],
): Promise<{ consents: number; segments: number; campaigns: number; mothersGroup: number }> {
  clock.set(asOf);
  const chosen = women.slice(0, 16);
  if (chosen.length === 0) return { consents: 0, segments: 0, campaigns: 0, mothersGroup: 0 };
  const withEmail = new Set(
    (
      await demo.database.db
        .select({ id: people.id, email: people.email })
        .from(people)
        .where(
          inArray(
            people.id,
            chosen.map((w) => w.id),
          ),
        )
    )
      .filter((p) => p.email)
      .map((p) => p.id),
  );
  let consents = 0;
  let mothersGroup = 0;
  await demo.database.db.transaction(async (tx) => {
    for (const [i, woman] of chosen.entries()) {
      const source = i % 2 === 0 ? "entry_interview" : "week36_call";
      // One in four said no to the newsletters: the register keeps her refusal too.
      const granted = i % 4 !== 3;
      for (const channel of withEmail.has(woman.id) ? (["email", "sms"] as const) : (["sms"] as const)) {
        await recordConsent(tx, clock, demo.actor, {
          personId: woman.id,
          purpose: "newsletter",
          channel,
          granted,
          source,
        });
        consents += 1;
      }
    }
    for (const [i, woman] of chosen.slice(0, 3).entries()) {
      await changeMembership(tx, demo, {
        personId: woman.id,
        network: "whatsapp",
        status: i === 0 ? "member" : "wishes",
        consentToAdd: i === 0,
        source: "week36_call",
        version: undefined,
      });
      mothersGroup += 1;
    }
  });
  await createSegment(demo, { name: "Futures mamans (28 à 41 SA)", filter: { pregnancyWeeks: { min: 28, max: 41 } } });
  const newsletterReaders = await createSegment(demo, {
    name: "Patientes d'accord pour la newsletter",
    filter: { consent: { purpose: "newsletter", channel: "email" } },
  });
  await createCampaign(demo, {
    name: "Newsletter du mois : l'allaitement",
    purpose: "newsletter",
    channels: ["email", "sms"],
    segmentId: newsletterReaders.id,
    emailSubject: "{prenom}, l'allaitement les premières semaines",
    emailMarkdown: NEWSLETTER,
    smsText: "NEST : notre newsletter du mois parle d'allaitement. Questions ? Appelez la clinique.",
  });
  return { consents, segments: 2, campaigns: 1, mothersGroup };
}

-- The clinic's services, where calls are transferred and messages addressed
-- (procedure 3); the admin renames, adds or retires them.
INSERT INTO "clinic_services" ("name", "greeting_name", "position") VALUES
  ('Accueil', 'Accueil', 1),
  ('Service des admissions', 'Service des admissions', 2),
  ('Maternité', 'Maternité', 3),
  ('Gynécologie', 'Gynécologie', 4),
  ('Pédiatrie', 'Pédiatrie', 5),
  ('Fertilité', 'Fertilité', 6),
  ('Comptabilité', 'Comptabilité', 7);--> statement-breakpoint
-- The two objectives procedure 1 names ("mise en avant de l'offre Programme NEST, et de
-- l'accouchement au Tarif Adhérent"), without prices: the admin enters the price sheet.
INSERT INTO "offers" ("code", "name", "category", "description", "objective", "position", "updated_at") VALUES
  ('programme_nest', 'Programme NEST', 'programme', 'Suivi de grossesse et accouchement en forfait', true, 1, now()),
  ('delivery', 'Accouchement', 'delivery', 'Accouchement par voie basse, séjour compris', false, 2, now())
ON CONFLICT ("code") DO NOTHING;

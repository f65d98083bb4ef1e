CREATE TABLE "sirene_non_diffusible" (
	"id" varchar(14) PRIMARY KEY NOT NULL,
	CONSTRAINT "sirene_non_diffusible_id" CHECK ("sirene_non_diffusible"."id" ~ '^[0-9]{9}([0-9]{5})?$')
);

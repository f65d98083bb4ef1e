ALTER TABLE "proceeding_practitioners" ADD COLUMN "ended_notice_id" varchar(30);--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD COLUMN "ended_on" varchar(10);--> statement-breakpoint
ALTER TABLE "proceeding_practitioners" ADD COLUMN "ended_quote" text;
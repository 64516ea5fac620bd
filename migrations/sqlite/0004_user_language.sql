-- migration-kind: expand
-- The interface language a user chose with the language selector (an ISO 639-1 code such as
-- 'es'); NULL until they choose, when the lang cookie or Accept-Language decides. Nullable, so
-- an older release's INSERT INTO user still works.
ALTER TABLE user ADD COLUMN language VARCHAR(8) NULL;

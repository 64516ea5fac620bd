-- migration-kind: expand
-- The list cache's version counter (see migrations/sqlite/0002_content_version.sql).
CREATE TABLE content_version (
  id TINYINT NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL,
  CONSTRAINT ck_content_version_single CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO content_version (id, version) VALUES (1, 0);

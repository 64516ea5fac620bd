-- migration-kind: expand
-- Which users posted or were renamed since a given content version: the window of recent posts
-- each instance keeps in memory (services::RecentPosts) asks this after every change, to give
-- the posts it holds their authors' new names.
CREATE INDEX ix_user_list_version ON user (list_version);

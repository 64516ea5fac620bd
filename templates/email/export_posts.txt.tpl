{{! Plain-text mail that carries a posts export. Names: USERNAME, POST_COUNT_TEXT. }}
[[Dear {{USERNAME}},]]

[[Please find attached the archive of your posts that you requested: {{POST_COUNT_TEXT}}, oldest first, in posts.json.]]

[[Sincerely,]]
[[The Microblog Team]]

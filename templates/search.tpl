{{%AUTOESCAPE context="HTML"}}
{{! Search: the posts that hold every word of QUERY, newest first.
    QUERY: the query as typed (kept in the box). Sections: NO_QUERY (nothing asked), NO_WORDS
    (nothing searchable in it), TOO_SLOW (given up at the time limit), RESULTS_HEADING,
    NO_RESULTS. POSTS_HTML: a rendered posts.tpl. }}
<h1 class="h3 mb-3">[[Search]]</h1>
<form class="search-form mb-4" method="get" action="/search" role="search">
  <div class="input-group">
    <input class="form-control" type="search" name="q" value="{{QUERY}}" aria-label="[[Search posts]]">
    <button class="btn btn-primary" type="submit">[[Search]]</button>
  </div>
</form>
{{#NO_QUERY}}
<p class="text-body-secondary">[[Type one or more words to find the posts that contain all of them.]]</p>
{{/NO_QUERY}}
{{#NO_WORDS}}
<p class="text-body-secondary">[[There is nothing to search for in that: only letters and digits are searched.]]</p>
{{/NO_WORDS}}
{{#TOO_SLOW}}
<p class="text-body-secondary">[[These words are in too many posts to search for them together. Please add a less common word.]]</p>
{{/TOO_SLOW}}
{{#RESULTS_HEADING}}
<h2 class="h5 mb-3">[[Posts with every word of &ldquo;{{QUERY}}&rdquo;]]</h2>
{{/RESULTS_HEADING}}
{{#NO_RESULTS}}
<p class="text-body-secondary py-3">[[No posts contain every word you searched for.]]</p>
{{/NO_RESULTS}}
{{POSTS_HTML:none}}

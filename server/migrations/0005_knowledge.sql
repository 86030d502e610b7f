-- Knowledge base, Tier 0 deflection, similar-ticket search, macros and troubleshooting playbooks.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text-search configuration (stemmer and stop words) for a language tag such as 'de' or 'pt-BR'.
-- Languages PostgreSQL has no stemmer for are indexed word by word ('simple').
CREATE FUNCTION kb_search_config(language text) RETURNS regconfig
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (CASE lower(split_part(language, '-', 1))
    WHEN 'en' THEN 'english' WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
    WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish'
    WHEN 'da' THEN 'danish' WHEN 'nb' THEN 'norwegian' WHEN 'nn' THEN 'norwegian' WHEN 'no' THEN 'norwegian'
    WHEN 'fi' THEN 'finnish' WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian' WHEN 'ru' THEN 'russian'
    WHEN 'tr' THEN 'turkish' WHEN 'el' THEN 'greek' WHEN 'ar' THEN 'arabic' WHEN 'id' THEN 'indonesian'
    WHEN 'ga' THEN 'irish' WHEN 'lt' THEN 'lithuanian' WHEN 'ca' THEN 'catalan' WHEN 'eu' THEN 'basque'
    WHEN 'hy' THEN 'armenian' WHEN 'hi' THEN 'hindi' WHEN 'ne' THEN 'nepali' WHEN 'sr' THEN 'serbian'
    WHEN 'ta' THEN 'tamil' WHEN 'yi' THEN 'yiddish' WHEN 'et' THEN 'estonian'
    ELSE 'simple' END)::regconfig
$$;

-- Categories hold sections (a category with a parent); articles sit in either.
CREATE TABLE kb_categories (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id bigint REFERENCES kb_categories (id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX kb_categories_name_key ON kb_categories (coalesce(parent_id, 0), lower(name));

CREATE TABLE kb_articles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_id bigint REFERENCES kb_categories (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
  visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  -- Not empty: only the people of these client organisations (and staff) may read the article.
  organisation_ids bigint[] NOT NULL DEFAULT '{}',
  source_language text NOT NULL DEFAULT 'en',
  owner_id bigint REFERENCES users (id),
  created_by bigint REFERENCES users (id),
  source_ticket_id bigint REFERENCES tickets (id),
  review_by date,
  stale_flagged_at timestamptz,
  stale_flagged_by bigint REFERENCES users (id),
  stale_reason text,
  helpful_count integer NOT NULL DEFAULT 0,
  not_helpful_count integer NOT NULL DEFAULT 0,
  view_count bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  published_at timestamptz,
  archived_at timestamptz
);
CREATE INDEX kb_articles_category_idx ON kb_articles (category_id, status);
CREATE INDEX kb_articles_status_idx ON kb_articles (status, updated_at DESC, id DESC);
CREATE INDEX kb_articles_owner_idx ON kb_articles (owner_id);
CREATE INDEX kb_articles_review_idx ON kb_articles (review_by) WHERE status = 'published';

-- One row per language of an article: the content people read. body_text is the body without markup;
-- search_vector weighs title A, summary and keywords B, body C, stemmed in the translation's language.
CREATE TABLE kb_translations (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$'),
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  keywords text[] NOT NULL DEFAULT '{}',
  body_html text NOT NULL DEFAULT '',
  body_text text NOT NULL DEFAULT '',
  search_vector tsvector NOT NULL DEFAULT ''::tsvector,
  version integer NOT NULL DEFAULT 1,
  updated_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, language)
);
CREATE INDEX kb_translations_search_idx ON kb_translations USING gin (search_vector);

CREATE FUNCTION kb_html_to_text(html text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(replace(replace(replace(replace(replace(replace(
    regexp_replace(html, '<[^>]*>', ' ', 'g'),
    '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'), '\s+', ' ', 'g'))
$$;

CREATE FUNCTION kb_head_vector(language text, title text, summary text, keywords text[]) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(kb_search_config(language), title), 'A') ||
         setweight(to_tsvector(kb_search_config(language), summary || ' ' || array_to_string(keywords, ' ')), 'B')
$$;

CREATE FUNCTION kb_translations_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.body_text := kb_html_to_text(NEW.body_html);
  -- A tsvector holds at most 1 MB: very long articles are searched by their first 100,000 characters.
  NEW.search_vector := kb_head_vector(NEW.language, NEW.title, NEW.summary, NEW.keywords) ||
    setweight(to_tsvector(kb_search_config(NEW.language), left(NEW.body_text, 100000)), 'C');
  RETURN NEW;
END
$$;
CREATE TRIGGER kb_translations_vector BEFORE INSERT OR UPDATE OF title, summary, keywords, body_html
  ON kb_translations FOR EACH ROW EXECUTE FUNCTION kb_translations_vector();

-- What search scans first: one narrow row per translation with the article's filters copied in and
-- head_vector, the title (A) and summary + keywords (B) part of search_vector. Matches here rank
-- above body-only matches, and the rows are small enough to scan thousands in a few milliseconds.
CREATE TABLE kb_search_documents (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  language text NOT NULL,
  title text NOT NULL,
  status text NOT NULL,
  visibility text NOT NULL,
  organisation_ids bigint[] NOT NULL,
  category_id bigint,
  -- Laplace-smoothed share of "helpful" votes: 0.5 with no votes.
  helpfulness real NOT NULL DEFAULT 0.5,
  content_updated_at timestamptz NOT NULL,
  head_vector tsvector NOT NULL,
  PRIMARY KEY (article_id, language),
  FOREIGN KEY (article_id, language) REFERENCES kb_translations (article_id, language) ON DELETE CASCADE
);
CREATE INDEX kb_search_documents_head_idx ON kb_search_documents USING gin (head_vector);
-- What the public and, separately, staff search: a query of a common word visits only these rows.
CREATE INDEX kb_search_documents_public_idx ON kb_search_documents USING gin (head_vector)
  WHERE status = 'published' AND visibility = 'public' AND organisation_ids = '{}';
CREATE INDEX kb_search_documents_published_idx ON kb_search_documents USING gin (head_vector)
  WHERE status = 'published';
CREATE INDEX kb_search_documents_title_trgm_idx ON kb_search_documents USING gin (title gin_trgm_ops);

-- Words of the knowledge base for "did you mean". public: seen in an article anyone may read, so
-- offering it as a correction reveals nothing of internal or organisation-restricted articles.
CREATE TABLE kb_words (
  word text PRIMARY KEY,
  public boolean NOT NULL DEFAULT false,
  frequency integer NOT NULL DEFAULT 1
);
CREATE INDEX kb_words_trgm_idx ON kb_words USING gin (word gin_trgm_ops);

CREATE FUNCTION kb_register_words(content text, is_public boolean) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO kb_words AS w (word, public)
  SELECT word, is_public FROM unnest(tsvector_to_array(to_tsvector('simple', left(content, 100000)))) AS word
  WHERE length(word) BETWEEN 3 AND 30 AND word !~ '[0-9_]'
  ON CONFLICT (word) DO UPDATE SET public = w.public OR EXCLUDED.public, frequency = w.frequency + 1
$$;

CREATE FUNCTION kb_is_public(article kb_articles) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT article.status = 'published' AND article.visibility = 'public' AND article.organisation_ids = '{}'
$$;

CREATE FUNCTION kb_helpfulness(helpful integer, not_helpful integer) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (helpful + 1)::real / (helpful + not_helpful + 2)
$$;

CREATE FUNCTION kb_translations_index() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  article kb_articles;
BEGIN
  SELECT * INTO article FROM kb_articles WHERE id = NEW.article_id;
  INSERT INTO kb_search_documents AS d (article_id, language, title, status, visibility, organisation_ids,
    category_id, helpfulness, content_updated_at, head_vector)
  VALUES (NEW.article_id, NEW.language, NEW.title, article.status, article.visibility, article.organisation_ids,
    article.category_id, kb_helpfulness(article.helpful_count, article.not_helpful_count), NEW.updated_at,
    kb_head_vector(NEW.language, NEW.title, NEW.summary, NEW.keywords))
  ON CONFLICT (article_id, language) DO UPDATE SET title = EXCLUDED.title,
    content_updated_at = EXCLUDED.content_updated_at, head_vector = EXCLUDED.head_vector;
  PERFORM kb_register_words(
    concat_ws(' ', NEW.title, NEW.summary, array_to_string(NEW.keywords, ' '), NEW.body_text),
    kb_is_public(article));
  RETURN NULL;
END
$$;
CREATE TRIGGER kb_translations_index AFTER INSERT OR UPDATE OF title, summary, keywords, body_html
  ON kb_translations FOR EACH ROW EXECUTE FUNCTION kb_translations_index();

CREATE FUNCTION kb_articles_index() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE kb_search_documents SET status = NEW.status, visibility = NEW.visibility,
    organisation_ids = NEW.organisation_ids, category_id = NEW.category_id,
    helpfulness = kb_helpfulness(NEW.helpful_count, NEW.not_helpful_count)
  WHERE article_id = NEW.id;
  IF kb_is_public(NEW) AND NOT kb_is_public(OLD) THEN
    PERFORM kb_register_words(
      concat_ws(' ', t.title, t.summary, array_to_string(t.keywords, ' '), t.body_text), true)
    FROM kb_translations t WHERE t.article_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER kb_articles_index AFTER UPDATE OF status, visibility, organisation_ids, category_id,
  helpful_count, not_helpful_count ON kb_articles
  FOR EACH ROW EXECUTE FUNCTION kb_articles_index();

-- Every saved state of a translation; restoring one writes it again as the newest version.
CREATE TABLE kb_article_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  language text NOT NULL,
  version integer NOT NULL,
  title text NOT NULL,
  summary text NOT NULL,
  keywords text[] NOT NULL,
  body_html text NOT NULL,
  note text NOT NULL DEFAULT '',
  restored_from integer,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (article_id, language, version)
);

CREATE TABLE kb_article_attachments (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  attachment_id bigint NOT NULL REFERENCES attachments (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, attachment_id)
);

-- "Was this helpful?": one vote per person (or per anonymous voter id) and article; counts on kb_articles.
CREATE TABLE kb_article_votes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  voter text NOT NULL, -- 'user:<id>' or 'anon:<client id>'
  user_id bigint REFERENCES users (id),
  language text NOT NULL,
  helpful boolean NOT NULL,
  comment text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (article_id, voter)
);
CREATE INDEX kb_article_votes_article_idx ON kb_article_votes (article_id, updated_at DESC);

-- Articles used on tickets: suggested and inserted, applied by a playbook, or written from the ticket.
CREATE TABLE kb_article_tickets (
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  source text NOT NULL CHECK (source IN ('agent', 'playbook', 'created_from')),
  linked_by bigint REFERENCES users (id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, ticket_id)
);
CREATE INDEX kb_article_tickets_ticket_idx ON kb_article_tickets (ticket_id);

-- Tier 0: a customer writing a request, identified by an id their browser made up.
CREATE TABLE kb_suggestion_sessions (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{8,64}$'),
  user_id bigint REFERENCES users (id),
  organisation_id bigint REFERENCES organisations (id),
  subject text NOT NULL DEFAULT '',
  suggested_article_ids bigint[] NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  resolved_at timestamptz, -- "that solved it"
  resolved_article_id bigint REFERENCES kb_articles (id) ON DELETE SET NULL,
  submitted_at timestamptz, -- the customer went on to open a ticket
  ticket_id bigint REFERENCES tickets (id)
);
CREATE INDEX kb_suggestion_sessions_started_idx ON kb_suggestion_sessions (started_at);
CREATE INDEX kb_suggestion_sessions_user_idx ON kb_suggestion_sessions (user_id, started_at) WHERE user_id IS NOT NULL;

CREATE TABLE kb_suggestion_opens (
  session_id text NOT NULL REFERENCES kb_suggestion_sessions (id) ON DELETE CASCADE,
  article_id bigint NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
  opened_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, article_id)
);
CREATE INDEX kb_suggestion_opens_article_idx ON kb_suggestion_opens (article_id);

-- What a ticket is about, for "similar solved tickets": subject (A) and the first 20,000 characters
-- of its first message (B), stemmed in the requester's first language. Kept by triggers, so every
-- way a ticket is made is covered; existing tickets are indexed below, once.
CREATE TABLE ticket_search_documents (
  ticket_id bigint PRIMARY KEY REFERENCES tickets (id),
  first_message_id bigint,
  config regconfig NOT NULL,
  search_vector tsvector NOT NULL
);
CREATE INDEX ticket_search_documents_idx ON ticket_search_documents USING gin (search_vector);

CREATE FUNCTION ticket_search_config(requester_id bigint) RETURNS regconfig
LANGUAGE sql STABLE AS $$
  SELECT kb_search_config(coalesce((SELECT languages[1] FROM users WHERE id = requester_id), 'en'))
$$;

CREATE FUNCTION ticket_search_on_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  config regconfig := ticket_search_config(NEW.requester_id);
BEGIN
  INSERT INTO ticket_search_documents (ticket_id, config, search_vector)
  VALUES (NEW.id, config, setweight(to_tsvector(config, NEW.subject), 'A'))
  ON CONFLICT (ticket_id) DO UPDATE SET
    config = EXCLUDED.config,
    search_vector = EXCLUDED.search_vector || coalesce((
      SELECT setweight(to_tsvector(EXCLUDED.config, left(m.body, 20000)), 'B')
      FROM ticket_messages m WHERE m.id = ticket_search_documents.first_message_id), ''::tsvector);
  RETURN NULL;
END
$$;
CREATE TRIGGER ticket_search_on_ticket AFTER INSERT OR UPDATE OF subject ON tickets
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_ticket();

CREATE FUNCTION ticket_search_on_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents d
  SET first_message_id = NEW.id,
      search_vector = d.search_vector || setweight(to_tsvector(d.config, left(NEW.body, 20000)), 'B')
  WHERE d.ticket_id = NEW.ticket_id AND d.first_message_id IS NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER ticket_search_on_message AFTER INSERT ON ticket_messages
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_message();

INSERT INTO ticket_search_documents (ticket_id, first_message_id, config, search_vector)
SELECT t.id, m.id, ticket_search_config(t.requester_id),
       setweight(to_tsvector(ticket_search_config(t.requester_id), t.subject), 'A') ||
       setweight(to_tsvector(ticket_search_config(t.requester_id), left(coalesce(m.body, ''), 20000)), 'B')
FROM tickets t
LEFT JOIN LATERAL (SELECT id, body FROM ticket_messages WHERE ticket_id = t.id ORDER BY id LIMIT 1) m ON true;

-- Canned responses: a reply template with {{variables}} and field changes; owner_id null = shared.
CREATE TABLE macros (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id bigint REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  reply_visibility text NOT NULL DEFAULT 'public' CHECK (reply_visibility IN ('public', 'internal')),
  actions jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  usage_count integer NOT NULL DEFAULT 0,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX macros_owner_idx ON macros (owner_id);

-- Troubleshooting playbooks: a draft being edited and immutable published versions; runs keep theirs.
CREATE TABLE playbooks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  draft jsonb,
  current_version integer,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX playbooks_name_key ON playbooks (lower(name));

CREATE TABLE playbook_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  playbook_id bigint NOT NULL REFERENCES playbooks (id),
  version integer NOT NULL,
  definition jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  published_by bigint REFERENCES users (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (playbook_id, version)
);

CREATE TABLE playbook_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  playbook_version_id bigint NOT NULL REFERENCES playbook_versions (id),
  ticket_id bigint NOT NULL REFERENCES tickets (id),
  status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'solved', 'escalated', 'abandoned')),
  current_step_id text,
  outcome_id text,
  started_by bigint REFERENCES users (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX playbook_runs_ticket_idx ON playbook_runs (ticket_id, id);

CREATE TABLE playbook_run_answers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES playbook_runs (id),
  step_id text NOT NULL,
  prompt text NOT NULL,
  answer_id text NOT NULL,
  answer_label text NOT NULL,
  note text NOT NULL DEFAULT '',
  answered_by bigint REFERENCES users (id),
  answered_at timestamptz NOT NULL
);
CREATE INDEX playbook_run_answers_run_idx ON playbook_run_answers (run_id, id);

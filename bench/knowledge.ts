// Knowledge benchmark: seeds N articles (default 100,000) and M tickets (default 1,000,000) into a
// fresh embedded PostgreSQL, starts Tierline as its own process and measures over HTTP on 127.0.0.1:
//   - help-centre search (anonymous, a mix of realistic queries incl. typos): p50/p95/p99
//   - suggestions while a customer types (POST /api/kb/suggest): p50/p95/p99
//   - a ticket's suggestions, articles and similar solved tickets (GET /api/tickets/:id/suggestions)
//   - similar solved tickets alone (the query, from this process): p50/p95/p99
// Text is generated in SQL from word lists; bodies are built from a pool of sentences whose tsvectors
// are computed once and concatenated, which gives the lexemes and weights the triggers would.
// Usage: node bench/knowledge.ts [--articles 100000] [--tickets 1000000] [--queries 1000]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../server/src/db/database.ts';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { TermStatsCache } from '../server/src/modules/knowledge/search-terms.ts';
import { similarSolvedTickets, ticketTerms } from '../server/src/modules/knowledge/similar-tickets.ts';
import { signIn, startTierline } from '../server/test/processes.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    tickets: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '1000' },
  },
});
const ARTICLES = Number(values.articles);
const TICKETS = Number(values.tickets);
const QUERIES = Number(values.queries);

const words = (list: string) => list.split('|');
const PRODUCTS = words(
  'printer|laptop|VPN|Outlook|Teams|SharePoint|OneDrive|Wi-Fi|router|firewall|monitor|docking station|keyboard|headset|webcam|iPhone|Android phone|Windows|macOS|Linux|Chrome|Firefox|Zoom|Slack|Jira|Confluence|Salesforce|SAP|Excel|Word|PowerPoint|Acrobat|Citrix|VMware|Azure|AWS|Gmail|calendar|mailbox|scanner|projector|badge reader|file server|database|backup agent|antivirus|BitLocker|Intune|Okta|authenticator app|desk phone|tablet|smart card|PDF editor|CRM|ERP|payroll portal|expense tool|intranet|shared drive|ThinkPad|MacBook|Surface|iPad|Dropbox|Webex|Exchange|Active Directory|LDAP|Kerberos|RDP|TeamViewer|AnyDesk|PuTTY|Git|GitLab|GitHub|Jenkins|Docker|Kubernetes|PostgreSQL|MySQL|Oracle|Tableau|Power BI|QuickBooks|Workday|ServiceNow|HubSpot|WordPress|Shopify|label printer|barcode scanner|POS terminal|kiosk',
);
const NOUNS = words(
  'password|account|login|error|license|certificate|update|installation|sync|connection|network|drive|folder|permission|access|quota|storage|battery|screen|display|sound|microphone|camera|notification|signature|attachment|invoice|subscription|report|dashboard|export|import|crash|performance|latency|timeout|proxy|DNS|IP address|port|driver|firmware|profile|cache|cookie|token|session|group|policy|encryption|recovery key|toner|paper jam|cable|adapter|charger|Bluetooth|USB|disk space|memory|CPU|fan|keyboard layout|language|time zone|meeting|invitation|room booking|shared mailbox|distribution list|out-of-office|auto-reply|spam filter|phishing|malware|quarantine|firewall rule|whitelist|VPN profile|two-factor|security key|single sign-on|username|email address|phone number|voicemail|pairing|print queue|scan to email|backup|restore|snapshot|version history|recycle bin|retention|archive|template|macro|formula|pivot table|chart|plugin|extension|add-in|browser|bookmark|homepage|download|upload|file size|file format|font|resolution|brightness|touchpad|mouse|tray|cartridge|hotspot|SSID|bandwidth|packet loss|jitter|speaker|webhook|API key|SSL|TLS|domain|mailbox rule|calendar sharing|delegate|alias|forwarding|contact list|address book|offline mode|cached credentials|screen lock|wallpaper|duplex|colour profile|paper size|watermark|OCR|compression|zip file|checksum|registry|service account|scheduled task|log file|event log|crash dump',
);
const VERBS = words(
  'reset|install|configure|update|remove|restore|connect|disconnect|enable|disable|share|sync|export|import|troubleshoot|fix|unlock|renew|request|change|migrate|upgrade|set up|back up|recover|pair|map|clear|rebuild|reinstall|activate|deactivate|register|verify|approve|forward|delegate|schedule|print|scan|rename|move|copy|delete|download|upload|encrypt|decrypt|rotate|revoke|reboot|calibrate|replace|order|return|test|monitor|document',
);
const SYMPTOMS = words(
  'not working|keeps crashing|is very slow|shows an error|will not start|disconnects every few minutes|is greyed out|asks for the password again|does not sync|freezes on startup|is missing|fails with a timeout|cannot be found|stopped responding|prints blank pages|has no sound|shows a blank screen|is locked|expired yesterday|is full|flickers|overheats|beeps|makes a clicking noise|reboots randomly|drops calls|loses the connection|shows the wrong time|rejects the certificate|loops at the login screen|opens in the wrong language|duplicates every message|is stuck at 99 percent|reports access denied|shows a red cross|cannot reach the server|blocks the attachment|marks mail as spam|hangs when saving|prints garbled text',
);
const FILLER = words(
  'please|make sure|that|the|your|you|can|then|again|after|before|open|click|select|choose|settings|menu|button|tab|window|restart|wait|minutes|check|whether|it|is|still|if|this|does|help|contact|service desk|with|screenshot|message|note|only|administrators|colleagues|office|home|road|new|old|company|device|computer|users|department|manager|approval|required|usually|sometimes|always|never|first|next|finally|step|instructions|below|above|also|see|related|article|more|details|team|customer|branch|warehouse|headquarters|remote|hybrid|contractor|intern|visitor|guest|floor|building|region|shift|weekend|morning|afternoon|evening|holiday|deadline|project|client|vendor|supplier|partner|request|incident|priority|impact|urgent|normal|critical|standard|premium|basic|enterprise|trial|legacy|current|latest|previous',
);
const CODES = Array.from({ length: 400 }, (_, i) => `0x8007${(0x1000 + i * 37).toString(16).toUpperCase()}`);
const TITLES = words(
  'How to %3$s your %1$s %2$s|%1$s %2$s %4$s|Cannot %3$s %2$s in %1$s|Troubleshooting %1$s %2$s problems|%2$s on %1$s %4$s: what to do|Set up %1$s %2$s for new employees|Why does my %1$s %2$s fail?|%3$s the %2$s of a %1$s|Guide: %1$s %2$s and %3$s|%1$s: how to %3$s the %2$s|%1$s error %5$s when you %3$s the %2$s|Known issue: %1$s %2$s %4$s',
);
const SUBJECTS = words(
  '%1$s %4$s|Cannot %3$s %2$s on %1$s|%2$s problem with %1$s|Need help to %3$s %1$s %2$s|%1$s %2$s %4$s since this morning|Error %5$s in %1$s|Please %3$s my %1$s %2$s|%1$s: %2$s %4$s',
);
const SENTENCES = words(
  '%6$s %7$s %8$s %1$s %9$s %2$s.|If the %1$s %4$s, %3$s the %2$s and %6$s %7$s.|%6$s %3$s the %2$s %7$s %8$s %1$s %9$s.|When the %2$s %4$s, %6$s %7$s %8$s.|To %3$s the %2$s, %6$s %7$s %8$s in %1$s.|Some %1$s users report that the %2$s %4$s.|Error %5$s means the %1$s %2$s %4$s; %3$s it %6$s %7$s.|Since this morning my %1$s %4$s when I %3$s the %2$s.|I tried to %3$s the %2$s but the %1$s %4$s.|This affects %6$s %7$s in our %8$s.',
);
const VOCABULARY = [PRODUCTS, NOUNS, VERBS, SYMPTOMS, CODES, FILLER];

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.test-data', `bench-knowledge-${crypto.randomBytes(3).toString('hex')}`);

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A pool of generated texts with their tsvectors (weight given), picked from by the seed below. */
async function pool(client: pg.Client, table: string, templates: string[], count: number, weight: string) {
  await client.query(
    `CREATE UNLOGGED TABLE ${table} AS
    SELECT g AS id, format(($1::text[])[1 + g % cardinality($1::text[])], pg_temp.pick($2), pg_temp.pick($3),
      pg_temp.pick($4), pg_temp.pick($5), pg_temp.pick($6), pg_temp.pick($7), pg_temp.pick($7), pg_temp.pick($7),
      pg_temp.pick($7)) AS text
    FROM generate_series(0, ${count - 1}) g`,
    [templates, ...VOCABULARY],
  );
  await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (id), ADD COLUMN vector tsvector`);
  await client.query(`UPDATE ${table} SET vector = setweight(to_tsvector('english', text), '${weight}')`);
}

/** Runs work with the tables' secondary indexes dropped, then builds them again (as a bulk load would). */
async function withoutIndexes(client: pg.Client, tables: string[], work: () => Promise<void>): Promise<void> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname
     JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY($1) AND NOT x.indisprimary AND NOT x.indisunique`,
    [tables],
  );
  for (const index of rows) await client.query(`DROP INDEX ${index.indexname}`);
  // Triggers (ours keep search documents, written here directly) and foreign-key checks off: the
  // generated rows are consistent by construction.
  await client.query('SET session_replication_role = replica');
  await work();
  await client.query('SET session_replication_role = DEFAULT');
  for (const index of rows) await client.query(index.indexdef);
}

async function seedArticles(client: pg.Client, count: number): Promise<void> {
  await pool(client, 'seed_sentences', SENTENCES, 20_000, 'C');
  await client.query(
    `INSERT INTO kb_categories (name) SELECT 'Category ' || g FROM generate_series(1, 20) g`,
  );
  await client.query(
    `INSERT INTO kb_categories (name, parent_id) SELECT 'Section ' || g, g % 20 + 1 FROM generate_series(1, 100) g`,
  );
  // 85 % published; a quarter internal; one in ten restricted to a client organisation.
  await client.query(`INSERT INTO kb_articles (category_id, status, visibility, organisation_ids, helpful_count,
      not_helpful_count, view_count, created_at, updated_at, published_at)
    SELECT 21 + g % 100, CASE g % 20 WHEN 0 THEN 'draft' WHEN 1 THEN 'in_review' WHEN 2 THEN 'archived' ELSE 'published' END,
      CASE WHEN g % 4 = 0 THEN 'internal' ELSE 'public' END,
      CASE WHEN g % 10 = 3 THEN ARRAY[(SELECT min(id) FROM organisations) + g % 20]::bigint[] ELSE '{}' END,
      (random() * 40)::int, (random() * 12)::int, (random() * 5000)::int, now() - random() * interval '1000 days',
      now() - random() * interval '300 days', now() - random() * interval '900 days'
    FROM generate_series(1, ${count}) g`);
  await client.query(
    `CREATE UNLOGGED TABLE seed_articles AS
    SELECT a.id, format(($1::text[])[1 + a.id % cardinality($1::text[])], w.p, w.n, w.v, w.s, w.c) AS title,
      (SELECT text FROM seed_sentences WHERE id = (a.id * 7919) % 20000) AS summary, ARRAY[w.p, w.n] AS keywords,
      body.text, body.vector, a.updated_at, a.status, a.visibility, a.organisation_ids, a.category_id,
      kb_helpfulness(a.helpful_count, a.not_helpful_count) AS helpfulness
    FROM kb_articles a
    CROSS JOIN LATERAL (SELECT pg_temp.pick($2) p, pg_temp.pick($3) n, pg_temp.pick($4) v, pg_temp.pick($5) s,
      pg_temp.pick($6) c, a.id) w
    CROSS JOIN LATERAL (SELECT string_agg(s.text, ' ') AS text, pg_temp.tsvector_agg(s.vector) AS vector
      FROM (SELECT floor(random() * 20000)::int AS sid FROM generate_series(1, 6 + a.id % 9) k) r
      JOIN seed_sentences s ON s.id = r.sid) body`,
    [TITLES, ...VOCABULARY.slice(0, 5)],
  );
  await client.query(`ALTER TABLE seed_articles ADD COLUMN head tsvector`);
  await client.query(`UPDATE seed_articles SET head = kb_head_vector('en', title, summary, keywords)`);
  await withoutIndexes(client, ['kb_translations', 'kb_search_documents'], async () => {
    await client.query(`INSERT INTO kb_translations (article_id, language, title, summary, keywords, body_html, body_text,
        search_vector, updated_at)
      SELECT id, 'en', title, summary, keywords, '<p>' || text || '</p>', text, head || vector, updated_at FROM seed_articles`);
    await client.query(`INSERT INTO kb_search_documents (article_id, language, title, status, visibility,
        organisation_ids, category_id, helpfulness, content_updated_at, head_vector)
      SELECT id, 'en', title, status, visibility, organisation_ids, category_id, helpfulness, updated_at, head
      FROM seed_articles`);
  });
  // Every article is made of pool sentences and a title, so their words are the knowledge base's words.
  await client.query(`INSERT INTO kb_words (word, public, frequency)
    SELECT word, true, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', text) FROM seed_sentences
      UNION ALL SELECT to_tsvector(''simple'', title) FROM seed_articles')
    WHERE length(word) BETWEEN 3 AND 30 AND word !~ '[0-9_]'`);
  await client.query('DROP TABLE seed_articles');
}

async function seedTickets(client: pg.Client, count: number): Promise<void> {
  await pool(client, 'seed_subjects', SUBJECTS, 100_000, 'A');
  await pool(client, 'seed_ticket_sentences', SENTENCES, 20_000, 'B');
  // First messages: 100,000 different ones of two to four sentences, each with its tsvector.
  await client.query(`CREATE UNLOGGED TABLE seed_bodies AS
    SELECT b.id, string_agg(p.text, ' ') AS text, pg_temp.tsvector_agg(p.vector) AS vector
    FROM (SELECT id, floor(random() * 20000)::int AS sid FROM generate_series(0, 99999) id,
      generate_series(1, 2 + id % 3) k) b
    JOIN seed_ticket_sentences p ON p.id = b.sid GROUP BY b.id`);
  await client.query('ALTER TABLE seed_bodies ADD PRIMARY KEY (id)');
  await client.query(`INSERT INTO users (email, name, role, organisation_id)
    SELECT 'customer' || g || '@bench.example', 'Customer ' || g, 'customer', (SELECT min(id) FROM organisations) + g % 20
    FROM generate_series(1, 5000) g`);
  await client.query(`INSERT INTO users (email, name, role)
    SELECT 'agent' || g || '@bench.example', 'Agent ' || g, 'operator' FROM generate_series(1, 30) g`);
  await client.query(`CREATE UNLOGGED TABLE seed_tickets AS
    SELECT g AS n, floor(random() * 100000)::int AS subject_id, floor(random() * 100000)::int AS body_id,
      u.id AS requester_id, u.organisation_id,
      (ARRAY['solved','closed','closed','solved','open','pending','new','closed'])[1 + g % 8] AS status,
      date_trunc('milliseconds', now() - random() * interval '730 days') AS created_at
    FROM generate_series(1, ${count}) g
    JOIN users u ON u.email = 'customer' || (1 + g % 5000) || '@bench.example'`);
  await withoutIndexes(client, ['tickets', 'ticket_messages', 'ticket_search_documents'], async () => {
    await client.query(`INSERT INTO tickets (id, subject, status, requester_id, organisation_id, channel, created_at,
        updated_at, solved_at) OVERRIDING SYSTEM VALUE
      SELECT 1000 + t.n, s.text, t.status, t.requester_id, t.organisation_id, 'email', t.created_at,
        t.created_at + interval '2 days', CASE WHEN t.status IN ('solved', 'closed') THEN t.created_at + interval '1 day' END
      FROM seed_tickets t JOIN seed_subjects s ON s.id = t.subject_id`);
    await client.query(`INSERT INTO ticket_messages (id, ticket_id, author_id, visibility, channel, body, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT t.n, 1000 + t.n, t.requester_id, 'public', 'email', b.text, t.created_at
      FROM seed_tickets t JOIN seed_bodies b ON b.id = t.body_id`);
    await client.query(`INSERT INTO ticket_search_documents (ticket_id, first_message_id, config, search_vector)
      SELECT 1000 + t.n, t.n, 'english', s.vector || b.vector
      FROM seed_tickets t JOIN seed_subjects s ON s.id = t.subject_id JOIN seed_bodies b ON b.id = t.body_id`);
  });
  await client.query(`SELECT setval(pg_get_serial_sequence('tickets', 'id'), ${1000 + count})`);
  await client.query(`SELECT setval(pg_get_serial_sequence('ticket_messages', 'id'), ${count})`);
}

async function seed(client: pg.Client): Promise<void> {
  await client.query("SET maintenance_work_mem = '256MB'");
  await client.query(`CREATE FUNCTION pg_temp.pick(words text[]) RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT words[1 + floor(power(random(), 1.25) * cardinality(words))::int] $$`);
  await client.query(
    "CREATE AGGREGATE pg_temp.tsvector_agg(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '')",
  );
  await client.query(`INSERT INTO organisations (name) SELECT 'Client ' || g FROM generate_series(1, 20) g`);
  await timed(`${ARTICLES.toLocaleString('en')} articles`, () => seedArticles(client, ARTICLES));
  await timed(`${TICKETS.toLocaleString('en')} tickets`, () => seedTickets(client, TICKETS));
  await client.query(
    'DROP TABLE seed_sentences, seed_subjects, seed_ticket_sentences, seed_bodies, seed_tickets',
  );
  await timed('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'));
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() ** 1.25 * list.length)] as T;
/** Drops one letter of a longer word: the typo people make. */
const typo = (word: string) => {
  if (word.length < 6) return word;
  const at = 2 + Math.floor(Math.random() * (word.length - 3));
  return word.slice(0, at) + word.slice(at + 1);
};
const QUERY_KINDS: (() => string)[] = [
  () => `${pick(PRODUCTS)} ${pick(NOUNS)}`,
  () => `${pick(PRODUCTS)} ${pick(NOUNS)}`,
  () => `${pick(PRODUCTS)} ${pick(NOUNS)}`,
  () => `${pick(VERBS)} ${pick(NOUNS)}`,
  () => `${pick(VERBS)} ${pick(NOUNS)}`,
  () => `how to ${pick(VERBS)} ${pick(PRODUCTS)} ${pick(NOUNS)}`,
  () => `${pick(PRODUCTS)} ${pick(SYMPTOMS)}`,
  () => pick([...PRODUCTS, ...NOUNS]),
  () => `${typo(pick(PRODUCTS))} ${typo(pick(NOUNS))}`,
  () => `error ${pick(CODES)}`,
];
const searchQuery = () => pick(QUERY_KINDS)();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const summary = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
};
async function measure(total: number, request: (index: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < total; index++) {
    const started = performance.now();
    await request(index);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function main(): Promise<void> {
  console.log(
    `Seeding ${ARTICLES.toLocaleString('en')} articles and ${TICKETS.toLocaleString('en')} tickets…`,
  );
  const database = await startEmbeddedPostgres(dataDir, {
    info: () => {},
    warn: (message) => console.warn(message),
  });
  const migrations = new pg.Pool({ connectionString: database.connectionString, max: 1 });
  let server: Awaited<ReturnType<typeof startTierline>> | null = null;
  const { db } = createDb(database.connectionString, 2);
  try {
    await migrate(migrations);
    const client = new pg.Client({ connectionString: database.connectionString });
    client.on('error', () => {});
    await client.connect();
    const seedStart = performance.now();
    await seed(client);
    console.log(`Seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    server = await startTierline({
      DATABASE_URL: database.connectionString,
      TIERLINE_DATA_DIR: path.join(dataDir, 'app'),
      TIERLINE_ADMIN_EMAIL: 'admin@bench.example',
      TIERLINE_ADMIN_PASSWORD: 'benchmark-password',
      TIERLINE_JOBS: 'false',
      // The benchmark is one address asking as fast as it can; the help centre's limits would stop it.
      TIERLINE_KB_PUBLIC_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
    });
    const token = await signIn(server.url, 'admin@bench.example', 'benchmark-password');
    const staffHeaders = { authorization: `Bearer ${token}` };
    const url = server.url;
    const expectOk = async (response: Response, what: string) => {
      if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
      return response.json() as Promise<{
        results?: unknown[];
        articles?: unknown[];
        similarTickets?: unknown[];
      }>;
    };
    let found = 0;
    const search = async () => {
      const body = await expectOk(
        await fetch(`${url}/api/kb/search?q=${encodeURIComponent(searchQuery())}`),
        'search',
      );
      if ((body.results?.length ?? 0) > 0) found += 1;
    };
    const suggest = async () => {
      const subject = `${pick(PRODUCTS)} ${pick(SYMPTOMS)}`;
      const text = `Since this morning my ${pick(PRODUCTS)} ${pick(SYMPTOMS)} when I ${pick(VERBS)} the ${pick(NOUNS)}. We tried to ${pick(VERBS)} it.`;
      await expectOk(
        await fetch(`${url}/api/kb/suggest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            subject,
            text: text.slice(0, 10 + Math.floor(Math.random() * text.length)),
          }),
        }),
        'suggest',
      );
    };
    const randomTicket = () => 1001 + Math.floor(Math.random() * TICKETS);
    let similarFound = 0;
    const ticketSuggestions = async () => {
      const body = await expectOk(
        await fetch(`${url}/api/tickets/${randomTicket()}/suggestions`, { headers: staffHeaders }),
        'ticket suggestions',
      );
      if ((body.similarTickets?.length ?? 0) > 0) similarFound += 1;
    };
    const stats = new TermStatsCache(db);
    const similarOnly = async () => {
      const id = randomTicket();
      const { terms } = await ticketTerms(db, id);
      await similarSolvedTickets(db, stats, id, terms, 5, new Date());
    };

    await measure(100, search); // warm-up: JIT, pools, caches
    await measure(50, suggest);
    await measure(50, ticketSuggestions);
    await measure(50, similarOnly);
    found = 0;
    similarFound = 0;
    const results: string[] = [];
    const searchTimes = await measure(QUERIES, search);
    results.push(
      `search:               ${summary(searchTimes)} (${Math.round((100 * found) / QUERIES)}% with results)`,
    );
    results.push(`suggest while typing: ${summary(await measure(Math.ceil(QUERIES / 2), suggest))}`);
    const ticketRuns = Math.ceil(QUERIES / 2);
    results.push(
      `ticket suggestions:   ${summary(await measure(ticketRuns, ticketSuggestions))} (${Math.round((100 * similarFound) / ticketRuns)}% with similar tickets)`,
    );
    results.push(`similar tickets only: ${summary(await measure(ticketRuns, similarOnly))}`);
    await client.end();
    console.log(
      `\nTierline knowledge benchmark — ${ARTICLES.toLocaleString('en')} articles, ${TICKETS.toLocaleString('en')} tickets, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)}`,
    );
    for (const line of results) console.log(`  ${line}`);
  } finally {
    await db.destroy();
    await server?.stop();
    await migrations.end();
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

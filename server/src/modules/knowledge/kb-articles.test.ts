import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';

const { app, factory, clock } = await createTestApp();
const admin = await factory.person('admin');
const engineer = await factory.person('engineer');
const operator = await factory.person('operator');
const customer = await factory.person('customer');

interface Article {
  id: number;
  title: string;
  status: string;
  version: number;
  language: string;
  languages: string[];
  bodyHtml: string;
  stale: boolean;
  staleReason: string | null;
  viewCount: number;
  helpfulCount: number;
  notHelpfulCount: number;
  attachments: { id: number; url: string }[];
}

const call = (
  person: TestPerson | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) =>
  app.inject({
    method,
    url,
    ...(person ? { headers: person.headers } : {}),
    ...(payload ? { payload } : {}),
  });

async function newArticle(person: TestPerson, title: string, body = '<p>First text.</p>'): Promise<Article> {
  const response = await call(person, 'POST', '/api/kb/articles', { title, bodyHtml: body });
  expect(response.statusCode).toBe(201);
  return json<Article>(response);
}

describe('the review workflow', () => {
  it('an operator writes a draft and submits it; an engineer publishes it; it can be archived', async () => {
    const article = await newArticle(operator, 'Map a network drive');
    expect(article.status).toBe('draft');
    expect((await call(customer, 'GET', `/api/kb/articles/${article.id}`)).statusCode).toBe(404);
    const submitted = await call(operator, 'POST', `/api/kb/articles/${article.id}/status`, {
      status: 'in_review',
    });
    expect(json<Article>(submitted).status).toBe('in_review');
    const queue = json<{ articles: { id: number }[] }>(
      await call(engineer, 'GET', '/api/kb/articles?status=in_review'),
    );
    expect(queue.articles.map((row) => row.id)).toContain(article.id);
    const refused = await call(operator, 'POST', `/api/kb/articles/${article.id}/status`, {
      status: 'published',
    });
    expect(refused.statusCode).toBe(403);
    const published = await call(engineer, 'POST', `/api/kb/articles/${article.id}/status`, {
      status: 'published',
    });
    expect(json<Article>(published).status).toBe('published');
    expect((await call(customer, 'GET', `/api/kb/articles/${article.id}`)).statusCode).toBe(200);
    // Editing what readers see takes a reviewer too.
    const edit = await call(operator, 'PUT', `/api/kb/articles/${article.id}/translations/en`, {
      title: 'Map a network drive on Windows',
    });
    expect(edit.statusCode).toBe(403);
    const skip = await call(engineer, 'POST', `/api/kb/articles/${article.id}/status`, {
      status: 'in_review',
    });
    expect(json(skip)).toMatchObject({ error: { code: 'invalid_status_transition' } });
    await call(engineer, 'POST', `/api/kb/articles/${article.id}/status`, { status: 'archived' });
    expect((await call(customer, 'GET', `/api/kb/articles/${article.id}`)).statusCode).toBe(404);
  });

  it('deletes drafts only; published knowledge is archived instead', async () => {
    const draft = await newArticle(operator, 'Temporary notes');
    expect((await call(operator, 'DELETE', `/api/kb/articles/${draft.id}`)).statusCode).toBe(403);
    expect((await call(admin, 'DELETE', `/api/kb/articles/${draft.id}`)).statusCode).toBe(204);
    const published = await newArticle(admin, 'Keep me');
    await call(admin, 'POST', `/api/kb/articles/${published.id}/status`, { status: 'published' });
    const refused = await call(admin, 'DELETE', `/api/kb/articles/${published.id}`);
    expect(json(refused)).toMatchObject({ error: { code: 'article_was_published' } });
  });
});

describe('versions', () => {
  it('keeps every saved version, compares two and restores one as the newest', async () => {
    const article = await newArticle(engineer, 'Clear the browser cache', '<p>Press Ctrl+Shift+Delete.</p>');
    const saved = await call(engineer, 'PUT', `/api/kb/articles/${article.id}/translations/en`, {
      title: 'Clear the browser cache and cookies',
      bodyHtml: '<p>Press Ctrl+Shift+Delete and tick cookies.</p>',
      note: 'Cookies too',
      baseVersion: 1,
    });
    expect(json<Article>(saved).version).toBe(2);
    const stale = await call(engineer, 'PUT', `/api/kb/articles/${article.id}/translations/en`, {
      title: 'Someone else’s edit',
      baseVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: { code: 'article_changed', details: { currentVersion: 2 } } });
    const unchanged = await call(engineer, 'PUT', `/api/kb/articles/${article.id}/translations/en`, {
      title: 'Clear the browser cache and cookies',
      bodyHtml: '<p>Press Ctrl+Shift+Delete and tick cookies.</p>',
    });
    expect(json<Article>(unchanged).version).toBe(2);

    const compare = json<{ changed: string[]; from: { title: string }; to: { title: string } }>(
      await call(engineer, 'GET', `/api/kb/articles/${article.id}/versions/compare?from=1&to=2`),
    );
    expect(compare.changed).toEqual(['title', 'body']);
    expect(compare.from.title).toBe('Clear the browser cache');

    const restored = json<Article>(
      await call(engineer, 'POST', `/api/kb/articles/${article.id}/versions/1/restore`),
    );
    expect(restored).toMatchObject({
      version: 3,
      title: 'Clear the browser cache',
      bodyHtml: '<p>Press Ctrl+Shift+Delete.</p>',
    });
    const list = json<{
      versions: { version: number; note: string; restoredFrom: number | null; author: { id: number } }[];
    }>(await call(engineer, 'GET', `/api/kb/articles/${article.id}/versions`));
    expect(list.versions.map((v) => [v.version, v.note, v.restoredFrom])).toEqual([
      [3, 'Restored version 1', 1],
      [2, 'Cookies too', null],
      [1, 'Created', null],
    ]);
    expect(list.versions[0]?.author.id).toBe(engineer.user.id);
    expect((await call(customer, 'GET', `/api/kb/articles/${article.id}/versions`)).statusCode).toBe(403);
  });

  it('sanitises the body: no scripts or event handlers reach readers', async () => {
    const article = await newArticle(
      engineer,
      'Unsafe paste',
      '<p onclick="steal()">Hi<script>alert(1)</script><img src="javascript:alert(1)"><a href="https://example.com" target="_blank">x</a></p>',
    );
    expect(article.bodyHtml).toBe(
      '<p>Hi<img /><a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a></p>',
    );
  });
});

describe('translations', () => {
  it('serves the reader’s language, falls back to the article’s own, and stems each language', async () => {
    const article = await newArticle(
      admin,
      'Printer is jammed',
      '<p>Open the tray and remove the paper.</p>',
    );
    await call(admin, 'PUT', `/api/kb/articles/${article.id}/translations/de`, {
      title: 'Papierstau im Drucker',
      bodyHtml: '<p>Öffnen Sie das Fach und entfernen Sie das Papier.</p>',
    });
    await call(admin, 'POST', `/api/kb/articles/${article.id}/status`, { status: 'published' });
    const german = json<Article>(await call(customer, 'GET', `/api/kb/articles/${article.id}?language=de`));
    expect(german).toMatchObject({ language: 'de', title: 'Papierstau im Drucker', languages: ['de', 'en'] });
    const spanish = json<Article>(await call(customer, 'GET', `/api/kb/articles/${article.id}?language=es`));
    expect(spanish).toMatchObject({ language: 'en', title: 'Printer is jammed' });
    const found = json<{ results: { articleId: number }[] }>(
      await call(customer, 'GET', '/api/kb/search?q=Papierstaus&language=de'),
    );
    expect(found.results.map((hit) => hit.articleId)).toEqual([article.id]);
    expect((await call(admin, 'DELETE', `/api/kb/articles/${article.id}/translations/en`)).statusCode).toBe(
      409,
    );
    expect((await call(admin, 'DELETE', `/api/kb/articles/${article.id}/translations/de`)).statusCode).toBe(
      204,
    );
    const gone = json<{ results: unknown[] }>(
      await call(customer, 'GET', '/api/kb/search?q=Papierstau&language=de'),
    );
    expect(gone.results).toEqual([]);
  });
});

describe('feedback, views and stale articles', () => {
  it('counts "was this helpful" votes once per reader, with comments for staff', async () => {
    const article = await newArticle(admin, 'Rename a shared folder');
    await call(admin, 'POST', `/api/kb/articles/${article.id}/status`, { status: 'published' });
    await call(customer, 'POST', `/api/kb/articles/${article.id}/votes`, {
      helpful: false,
      comment: 'Steps are missing',
    });
    const changed = await call(customer, 'POST', `/api/kb/articles/${article.id}/votes`, {
      helpful: true,
      comment: 'Works now',
    });
    expect(json(changed)).toEqual({ helpfulCount: 1, notHelpfulCount: 0 });
    const anonymous = await call(null, 'POST', `/api/kb/articles/${article.id}/votes`, {
      helpful: false,
      voterId: 'browser-123456',
    });
    expect(json(anonymous)).toEqual({ helpfulCount: 1, notHelpfulCount: 1 });
    const noVoter = await call(null, 'POST', `/api/kb/articles/${article.id}/votes`, { helpful: true });
    expect(json(noVoter)).toMatchObject({ error: { code: 'voter_missing' } });
    const votes = json<{ votes: { comment: string; voter: { id: number } | null }[] }>(
      await call(engineer, 'GET', `/api/kb/articles/${article.id}/votes`),
    );
    expect(votes.votes.map((vote) => vote.comment)).toEqual(['', 'Works now']);
    expect(votes.votes[1]?.voter?.id).toBe(customer.user.id);
  });

  it('counts views of readers but not of the editor', async () => {
    const article = await newArticle(admin, 'Find your asset tag');
    await call(admin, 'POST', `/api/kb/articles/${article.id}/status`, { status: 'published' });
    await call(null, 'GET', `/api/kb/articles/${article.id}`);
    await call(customer, 'GET', `/api/kb/articles/${article.id}`);
    const editor = json<Article>(await call(admin, 'GET', `/api/kb/articles/${article.id}?countView=false`));
    expect(editor.viewCount).toBe(2);
  });

  it('lists published articles past their review date or flagged as out of date', async () => {
    const today = clock.now.toISOString().slice(0, 10);
    const due = await newArticle(admin, 'Old VPN client');
    await call(admin, 'PATCH', `/api/kb/articles/${due.id}`, { reviewBy: today });
    const flagged = await newArticle(admin, 'Old mail server names');
    const fresh = await newArticle(admin, 'Current mail server names');
    for (const article of [due, flagged, fresh]) {
      await call(admin, 'POST', `/api/kb/articles/${article.id}/status`, { status: 'published' });
    }
    await call(operator, 'POST', `/api/kb/articles/${flagged.id}/stale`, { reason: 'Server was renamed' });
    const stale = json<{ articles: Article[] }>(
      await call(engineer, 'GET', '/api/kb/articles?stale=true&limit=200'),
    );
    const ids = stale.articles.map((article) => article.id);
    expect(ids).toEqual(expect.arrayContaining([due.id, flagged.id]));
    expect(ids).not.toContain(fresh.id);
    expect(stale.articles.find((article) => article.id === flagged.id)?.staleReason).toBe(
      'Server was renamed',
    );
    // A new version answers the flag.
    await call(engineer, 'PUT', `/api/kb/articles/${flagged.id}/translations/en`, {
      title: 'Mail server names',
    });
    const after = json<{ articles: Article[] }>(
      await call(engineer, 'GET', '/api/kb/articles?stale=true&limit=200'),
    );
    expect(after.articles.map((article) => article.id)).not.toContain(flagged.id);
  });
});

describe('attachments', () => {
  it('serves an article’s image to whoever may read the article', async () => {
    const article = await newArticle(admin, 'Where to find the serial number');
    const boundary = 'kbboundary';
    const upload = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="label.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--${boundary}--\r\n`,
    });
    const attachmentId = json<{ id: number }>(upload).id;
    const someoneElses = await call(engineer, 'POST', `/api/kb/articles/${article.id}/attachments`, {
      attachmentId,
    });
    expect(json(someoneElses)).toMatchObject({ error: { code: 'invalid_attachment' } });
    const attached = json<Article>(
      await call(admin, 'POST', `/api/kb/articles/${article.id}/attachments`, { attachmentId }),
    );
    const url = attached.attachments[0]?.url ?? '';
    expect(url).toBe(`/api/kb/articles/${article.id}/attachments/${attachmentId}`);
    expect((await call(null, 'GET', url)).statusCode).toBe(404);
    await call(admin, 'POST', `/api/kb/articles/${article.id}/status`, { status: 'published' });
    const image = await call(null, 'GET', url);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-disposition']).toMatch(/^inline;/);
    expect(image.body).toBe('PNGDATA');
  });
});

import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { ArticleService } from '../knowledge/article.service.ts';
import { KbCategoryService } from '../knowledge/kb-categories.service.ts';
import { createArticleSchema } from '../knowledge/knowledge.schema.ts';
import { linkArticleToTicket } from '../knowledge/ticket-knowledge.service.ts';

interface DemoArticle {
  title: string;
  summary: string;
  keywords?: string[];
  body: string;
  category: string;
  visibility?: 'public' | 'internal';
  /** Only for this client organisation's people. */
  organisation?: string;
  status?: 'draft' | 'published';
  /** Days from today; in the past, the article shows as stale. */
  reviewInDays?: number;
  /** A demo ticket this article solved. */
  solved?: string;
}

const CATEGORIES: { name: string; description: string; sections?: string[] }[] = [
  {
    name: 'Accounts and sign-in',
    description: 'Passwords, two-factor authentication and access',
    sections: ['Passwords', 'Two-factor authentication'],
  },
  { name: 'Network and VPN', description: 'Working from home and on the road' },
  { name: 'Email and calendar', description: 'Outlook, shared mailboxes and calendars' },
  { name: 'Printers and hardware', description: 'Printers, laptops and accessories' },
];

const ARTICLES: DemoArticle[] = [
  {
    title: 'Reset your password',
    summary: 'Forgot your password? Choose a new one from the sign-in page in two minutes.',
    keywords: ['forgot password', 'locked out'],
    body: '<p>On the sign-in page choose <strong>Forgot password</strong>, enter your work email address and open the link we send you. The link is valid for 24 hours.</p><p>Passwords need at least 14 characters; you cannot reuse your last five.</p>',
    category: 'Passwords',
  },
  {
    title: 'Set up two-factor authentication',
    summary: 'Protect your account with an authenticator app on your phone.',
    keywords: ['MFA', '2FA', 'authenticator app'],
    body: '<ol><li><p>Install Microsoft Authenticator or Google Authenticator on your phone.</p></li><li><p>Sign in on the web and open <strong>Security info</strong>.</p></li><li><p>Choose <strong>Add method → Authenticator app</strong> and scan the code.</p></li></ol>',
    category: 'Two-factor authentication',
  },
  {
    title: 'New phone: move your authenticator app',
    summary: 'Got a new phone? Register it before you reset the old one, or ask us to reset your MFA.',
    keywords: ['MFA device', 'new phone', 'reset MFA'],
    body: '<p>While you still have the old phone, sign in, open <strong>Security info</strong> and add the new phone as a second authenticator. Then remove the old one.</p><p>If the old phone is gone, open a request: we verify who you are and reset your two-factor authentication.</p>',
    category: 'Two-factor authentication',
  },
  {
    title: 'Connect to the VPN from home',
    summary: 'Install the VPN client, sign in and pick the nearest gateway.',
    keywords: ['remote access', 'home office'],
    body: '<p>Install the <strong>GlobalConnect</strong> VPN client from the software centre, sign in with your work account and choose the gateway closest to you.</p>',
    category: 'Network and VPN',
  },
  {
    title: 'VPN disconnects every few minutes',
    summary: 'Unstable VPN on home Wi-Fi: switch the protocol to TCP and turn off Wi-Fi power saving.',
    keywords: ['VPN drops', 'connection lost'],
    body: '<p>Open the VPN client settings and switch the protocol from <strong>UDP</strong> to <strong>TCP</strong>.</p><p>In Windows, open the Wi-Fi adapter’s properties and clear <em>Allow the computer to turn off this device to save power</em>.</p>',
    category: 'Network and VPN',
  },
  {
    title: 'Escalating a VPN outage to the network team',
    summary: 'Internal: when several customers lose the VPN at once.',
    body: '<p>Page the network on-call engineer, open a major incident and link the affected tickets to it.</p>',
    category: 'Network and VPN',
    visibility: 'internal',
  },
  {
    title: 'Northwind: scanners on the warehouse Wi-Fi',
    summary: 'Connect handheld scanners to the NW-Warehouse network.',
    body: '<p>Scanners join <strong>NW-Warehouse</strong> with the certificate installed by the device profile. Re-enrol a scanner that lost it from the device portal.</p>',
    category: 'Network and VPN',
    organisation: 'Northwind Logistics',
  },
  {
    title: 'Outlook keeps asking for your password',
    summary: 'Clear the saved credentials and sign in again with modern authentication.',
    keywords: ['password prompt', 'credential manager'],
    body: '<p>Close Outlook, open <strong>Credential Manager</strong>, remove the entries that start with <em>MicrosoftOffice</em>, then start Outlook and sign in again.</p>',
    category: 'Email and calendar',
  },
  {
    title: 'Set an out-of-office reply',
    summary: 'Turn on automatic replies for the days you are away.',
    keywords: ['vacation', 'auto-reply', 'automatic replies'],
    body: '<p>In Outlook open <strong>File → Automatic Replies</strong>, choose the dates you are away and write a short message for people inside and outside the company.</p>',
    category: 'Email and calendar',
    reviewInDays: -3,
  },
  {
    title: 'Printer jams or prints blank pages',
    summary: 'Clear the paper path, check the toner and run the cleaning cycle.',
    keywords: ['paper jam', 'fuser', 'toner'],
    body: '<p>Open the front cover and remove any paper, then check that the toner cartridge is seated. Run <strong>Cleaning page</strong> from the printer menu. If every second page still jams, open a request: the fuser may need replacing.</p>',
    category: 'Printers and hardware',
    solved: 'Printer on 3rd floor jams',
  },
  {
    title: 'Laptop imaging checklist',
    summary: 'Internal draft: preparing a laptop for a new starter.',
    body: '<ul><li><p>Standard image, latest updates</p></li><li><p>Enrol in device management</p></li><li><p>Encrypt the disk</p></li></ul>',
    category: 'Printers and hardware',
    visibility: 'internal',
    status: 'draft',
  },
];

/**
 * A help centre a newcomer can browse: categories and sections with published public articles,
 * an internal and an organisation-only one, a draft, a stale article, and one that solved a ticket.
 */
export async function seedDemoKnowledge(ctx: AppContext, author: Actor): Promise<void> {
  const categories = new KbCategoryService(ctx.db, ctx.clock);
  const articles = new ArticleService(ctx.db, ctx.clock);
  const categoryIds = new Map<string, number>();
  for (const [position, category] of CATEGORIES.entries()) {
    const created = await categories.create(author, {
      name: category.name,
      description: category.description,
      parentId: null,
      position,
    });
    categoryIds.set(category.name, created.id);
    for (const [sectionPosition, section] of (category.sections ?? []).entries()) {
      const child = await categories.create(author, {
        name: section,
        description: '',
        parentId: created.id,
        position: sectionPosition,
      });
      categoryIds.set(section, child.id);
    }
  }
  const organisations = await ctx.db.selectFrom('organisations').select(['id', 'name']).execute();
  const today = ctx.clock();
  for (const demo of ARTICLES) {
    const organisationId = organisations.find((organisation) => organisation.name === demo.organisation)?.id;
    const reviewBy =
      demo.reviewInDays === undefined
        ? null
        : new Date(today.getTime() + demo.reviewInDays * 86_400_000).toISOString().slice(0, 10);
    const article = await articles.create(
      author,
      createArticleSchema.parse({
        title: demo.title,
        summary: demo.summary,
        keywords: demo.keywords ?? [],
        bodyHtml: demo.body,
        categoryId: categoryIds.get(demo.category) ?? null,
        visibility: demo.visibility ?? 'public',
        organisationIds: organisationId ? [organisationId] : [],
        reviewBy,
      }),
    );
    if ((demo.status ?? 'published') === 'published') {
      await articles.changeStatus(author, article.id, 'published');
    }
    if (demo.solved) {
      const ticket = await ctx.db
        .selectFrom('tickets')
        .selectAll()
        .where('subject', '=', demo.solved)
        .executeTakeFirst();
      if (ticket) {
        await ctx.db
          .transaction()
          .execute((tx) => linkArticleToTicket(tx, author, ticket, article.id, 'agent', ctx.clock()));
      }
    }
  }
}

import { json, type TestApp, type TestPerson } from '../../../test/harness.ts';
import type { ArticleStatus, ArticleVisibility } from '../../db/schema-knowledge.ts';

/** A small help centre for tests: what a real one holds, a few of each kind. */
export interface FixtureArticle {
  key: string;
  title: string;
  summary?: string;
  keywords?: string[];
  body: string;
  language?: string;
  visibility?: ArticleVisibility;
  /** Restricted to the fixture's client organisation. */
  restricted?: boolean;
  status?: ArticleStatus;
}

export const FIXTURE_ARTICLES: FixtureArticle[] = [
  {
    key: 'password-reset',
    title: 'Reset your password',
    summary: 'Forgot your password? Set a new one from the sign-in page.',
    keywords: ['sign in', 'credentials'],
    body: '<p>On the sign-in page choose <b>Forgot password</b>, enter your email address and follow the link we send you.</p>',
  },
  {
    key: 'password-policy',
    title: 'Password rules for company accounts',
    body: '<p>Passwords need at least 14 characters. You cannot reuse your last five passwords.</p>',
  },
  {
    key: 'vpn-connect',
    title: 'Connect to the VPN from home',
    body: '<p>Install the VPN client, sign in with your company account and pick the nearest gateway.</p>',
  },
  {
    key: 'vpn-drops',
    title: 'VPN disconnects every few minutes',
    summary: 'Unstable VPN connections on home Wi-Fi.',
    body: '<p>Switch the VPN protocol to TCP and disable power saving for the Wi-Fi adapter.</p>',
  },
  {
    key: 'printer-offline',
    title: 'Printer shows as offline',
    body: '<p>Restart the print spooler service, then remove and add the printer again.</p>',
  },
  {
    key: 'printer-blank',
    title: 'Printer prints blank pages',
    body: '<p>Replace the toner cartridge and run the cleaning cycle from the printer menu.</p>',
  },
  {
    key: 'toner-order',
    title: 'Order toner and paper',
    body: '<p>Office supplies such as toner, paper and staples are ordered through the purchasing portal.</p>',
  },
  {
    key: 'outlook-signature',
    title: 'Add an email signature in Outlook',
    keywords: ['signature block'],
    body: '<p>Open Settings, choose Mail, then Compose and reply, and type your signature.</p>',
  },
  {
    key: 'outlook-ooo',
    title: 'Set an out-of-office reply',
    keywords: ['vacation', 'auto-reply'],
    body: '<p>In Outlook open Settings and turn on automatic replies for the dates you are away.</p>',
  },
  {
    key: 'mailbox-full',
    title: 'Mailbox is full',
    body: '<p>Empty the deleted items folder and archive old mail to free space in your mailbox.</p>',
  },
  {
    key: 'mfa-setup',
    title: 'Set up two-factor authentication',
    keywords: ['MFA', 'authenticator app'],
    body: '<p>Install the authenticator app on your phone and scan the code shown after sign-in.</p>',
  },
  {
    key: 'mfa-lost-phone',
    title: 'Lost the phone with your authenticator app',
    body: '<p>Call the service desk: we verify who you are and reset your two-factor authentication.</p>',
  },
  {
    key: 'laptop-slow',
    title: 'Laptop is slow',
    body: '<p>Restart the laptop, install pending updates and close programs you do not use.</p>',
  },
  {
    key: 'laptop-battery',
    title: 'Laptop battery drains quickly',
    body: '<p>Lower the screen brightness and check the battery report for apps that use much power.</p>',
  },
  {
    key: 'wifi-guest',
    title: 'Guest Wi-Fi for visitors',
    body: '<p>Reception prints a guest Wi-Fi voucher valid for one day.</p>',
  },
  {
    key: 'teams-audio',
    title: 'No sound in Teams meetings',
    keywords: ['audio', 'headset'],
    body: '<p>Choose the right speaker and microphone in the device settings of the meeting.</p>',
  },
  {
    key: 'sharepoint-access',
    title: 'Request access to a SharePoint site',
    body: '<p>Open the site and press Request access; the site owner approves it.</p>',
  },
  {
    key: 'onedrive-sync',
    title: 'OneDrive does not sync',
    body: '<p>Pause and resume syncing, and check that the file name has no forbidden characters.</p>',
  },
  {
    key: 'new-starter',
    title: 'Equipment for new employees',
    body: '<p>Managers order a laptop, phone and headset for new employees two weeks before they start.</p>',
  },
  {
    key: 'body-only-password',
    title: 'Keyboard layout changes by itself',
    body:
      '<p>Windows switches the keyboard layout with Alt+Shift. This often breaks typing a password at sign-in; ' +
      'remove the layouts you do not use.</p>',
  },
  {
    key: 'internal-escalation',
    title: 'How to escalate a VPN outage to the network team',
    body: '<p>Internal: page the network on-call engineer and open a major incident.</p>',
    visibility: 'internal',
  },
  {
    key: 'internal-falcon',
    title: 'Falconbridge server maintenance runbook',
    body: '<p>Internal: the Falconbridge cluster is patched on the first Sunday of each month.</p>',
    visibility: 'internal',
  },
  {
    key: 'acme-sso',
    title: 'Acme single sign-on portal',
    body: '<p>Acme staff sign in through the Zephyrgate portal with their Acme account.</p>',
    restricted: true,
  },
  {
    key: 'draft-printer',
    title: 'Printer driver rollout (draft)',
    body: '<p>The new printer driver is rolled out next month.</p>',
    status: 'draft',
  },
  {
    key: 'review-quantum',
    title: 'Quantumleaf backup agent',
    body: '<p>The Quantumleaf agent backs up laptops nightly.</p>',
    status: 'in_review',
  },
  {
    key: 'archived-fax',
    title: 'Send a fax from the office',
    body: '<p>The fax machine has been retired.</p>',
    status: 'archived',
  },
  {
    key: 'de-drucker',
    title: 'Drucker druckt nicht',
    body: '<p>Starten Sie den Druckerdienst neu und installieren Sie die Druckertreiber erneut.</p>',
    language: 'de',
  },
  {
    key: 'de-passwort',
    title: 'Passwort zurücksetzen',
    body: '<p>Wählen Sie auf der Anmeldeseite „Passwort vergessen“ und folgen Sie dem Link.</p>',
    language: 'de',
  },
  {
    key: 'fr-imprimante',
    title: 'Imprimante hors ligne',
    body: '<p>Redémarrez le service d’impression puis ajoutez de nouveau les imprimantes.</p>',
    language: 'fr',
  },
  {
    key: 'expenses',
    title: 'Submit travel expenses',
    body: '<p>Upload receipts in the expense tool within thirty days of the trip.</p>',
  },
];

export interface KnowledgeFixture {
  ids: Record<string, number>;
  organisationId: number;
}

/** Writes the fixture articles through the API as an admin (so triggers and rules apply). */
export async function seedKnowledgeBase(
  test: TestApp,
  admin: TestPerson,
  organisationId: number,
  articles: FixtureArticle[] = FIXTURE_ARTICLES,
): Promise<KnowledgeFixture> {
  const ids: Record<string, number> = {};
  for (const article of articles) {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/kb/articles',
      headers: admin.headers,
      payload: {
        language: article.language ?? 'en',
        title: article.title,
        summary: article.summary ?? '',
        keywords: article.keywords ?? [],
        bodyHtml: article.body,
        visibility: article.visibility ?? 'public',
        organisationIds: article.restricted ? [organisationId] : [],
      },
    });
    if (created.statusCode !== 201) throw new Error(`creating ${article.key}: ${created.body}`);
    const id = json<{ id: number }>(created).id;
    ids[article.key] = id;
    const status = article.status ?? 'published';
    const steps: ArticleStatus[] =
      status === 'archived' ? ['published', 'archived'] : status === 'draft' ? [] : [status];
    for (const step of steps) {
      const moved = await test.app.inject({
        method: 'POST',
        url: `/api/kb/articles/${id}/status`,
        headers: admin.headers,
        payload: { status: step },
      });
      if (moved.statusCode !== 200) throw new Error(`moving ${article.key} to ${step}: ${moved.body}`);
    }
  }
  return { ids, organisationId };
}

import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory } = await createTestApp();
const agent = await factory.person('operator');

async function upload(headers: { cookie: string }, filename: string, content: string) {
  const boundary = 'attachment-access';
  const response = await app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: [
      `--${boundary}`,
      `Content-Disposition: form-data; name="file"; filename="${filename}"`,
      'Content-Type: text/plain',
      '',
      content,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  });
  expect(response.statusCode).toBe(201);
  return json<{ id: number }>(response).id;
}

const download = (id: number, headers: { cookie: string }) =>
  app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers });

describe('attachment downloads follow the ticket visibility rule', () => {
  it("lets a Cc participant of another organisation download the ticket's public attachments, never its notes' or another ticket's", async () => {
    const requester = await factory.person('customer');
    const participant = await factory.person('customer');
    const stranger = await factory.person('customer');
    const ticket = await factory.ticket(requester, { subject: 'VPN drops every hour' });
    const cc = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/participants`,
      headers: agent.headers,
      payload: { email: participant.user.email },
    });
    expect(cc.statusCode).toBe(204);

    const publicFile = await upload(agent.headers, 'vpn.log', 'tunnel reset at 10:00');
    const noteFile = await upload(agent.headers, 'internal.txt', 'vendor case 12345');
    for (const [attachmentId, internal] of [
      [publicFile, false],
      [noteFile, true],
    ] as const) {
      const added = await app.inject({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/messages`,
        headers: agent.headers,
        payload: { body: internal ? 'note' : 'log attached', internal, attachmentIds: [attachmentId] },
      });
      expect(added.statusCode).toBe(201);
    }

    const byParticipant = await download(publicFile, participant.headers);
    expect(byParticipant.statusCode).toBe(200);
    expect(byParticipant.body).toBe('tunnel reset at 10:00');
    expect((await download(publicFile, requester.headers)).statusCode).toBe(200);
    expect((await download(publicFile, stranger.headers)).statusCode).toBe(404);
    expect((await download(noteFile, participant.headers)).statusCode).toBe(404);
    expect((await download(noteFile, agent.headers)).statusCode).toBe(200);

    // Taken off the Cc, the participant loses the file with the ticket.
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/tickets/${ticket.id}/participants/${participant.user.id}`,
      headers: agent.headers,
    });
    expect(removed.statusCode).toBe(204);
    expect((await download(publicFile, participant.headers)).statusCode).toBe(404);
  });
});

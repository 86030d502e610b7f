import { Alert, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { IconThumbDown, IconThumbUp } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useVote } from '../../api/knowledge';
import { useSession } from '../../auth/session';

/** "Was this helpful?": one click, then an optional comment; voting again replaces the vote. */
export function HelpfulVote({ articleId }: { articleId: number }) {
  const { me } = useSession();
  const vote = useVote(articleId);
  const [helpful, setHelpful] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [commentSent, setCommentSent] = useState(false);
  const anonymous = me === null;

  const choose = (value: boolean) =>
    vote.mutate(
      { helpful: value, anonymous },
      {
        onSuccess: () => {
          setHelpful(value);
          setCommentSent(false);
        },
      },
    );
  const sendComment = (event: FormEvent) => {
    event.preventDefault();
    if (helpful === null || !comment.trim()) return;
    vote.mutate({ helpful, comment: comment.trim(), anonymous }, { onSuccess: () => setCommentSent(true) });
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="kb-helpful">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} id="kb-helpful">
            Was this helpful?
          </Text>
          <Group gap="xs" role="group" aria-labelledby="kb-helpful">
            <Button
              size="xs"
              variant={helpful === true ? 'filled' : 'default'}
              color="teal.8"
              leftSection={<IconThumbUp size={14} />}
              aria-pressed={helpful === true}
              onClick={() => choose(true)}
              loading={vote.isPending && helpful !== true && !comment}
            >
              Yes
            </Button>
            <Button
              size="xs"
              variant={helpful === false ? 'filled' : 'default'}
              color="red.8"
              leftSection={<IconThumbDown size={14} />}
              aria-pressed={helpful === false}
              onClick={() => choose(false)}
            >
              No
            </Button>
          </Group>
        </Group>
        {helpful !== null && !commentSent && (
          <form onSubmit={sendComment}>
            <Stack gap="xs">
              <Text size="sm" role="status">
                Thank you for your feedback.
              </Text>
              <Textarea
                label={
                  helpful ? 'Anything we could add? (optional)' : 'What was missing or wrong? (optional)'
                }
                autosize
                minRows={2}
                maxLength={2000}
                value={comment}
                onChange={(event) => setComment(event.currentTarget.value)}
              />
              <Group>
                <Button
                  type="submit"
                  size="xs"
                  variant="light"
                  disabled={!comment.trim()}
                  loading={vote.isPending}
                >
                  Send comment
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {commentSent && (
          <Text size="sm" role="status">
            Thank you — your comment reaches the people who write these articles.
          </Text>
        )}
        {vote.isError && (
          <Alert color="red" role="alert">
            {errorMessage(vote.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

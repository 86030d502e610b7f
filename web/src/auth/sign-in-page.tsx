import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconClockExclamation, IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { Logo } from '../features/shell/logo';
import { homePathFor, isStaffRole, useSession } from './session';

function destinationFor(role: Parameters<typeof homePathFor>[0], from: string | undefined) {
  if (!from || from === '/' || from.startsWith('/sign-in')) return homePathFor(role);
  const staffPath = !from.startsWith('/portal');
  return staffPath === isStaffRole(role) ? from : homePathFor(role);
}

export function SignInPage() {
  const { me, signIn, signOutReason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · Tierline';
    emailRef.current?.focus();
  }, []);

  if (me && !busy) return <Navigate to={destinationFor(me.role, from)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const signedIn = await signIn(email.trim(), password);
      navigate(destinationFor(signedIn.role, from), { replace: true });
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Box w="100%" maw={400} component="main">
        <Stack gap="lg">
          <Center>
            <Logo size={32} />
          </Center>
          <Paper withBorder shadow="sm" radius="md" p="xl">
            <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
              <Stack gap="md">
                <div>
                  <Title order={1} size="h3" id="sign-in-title">
                    Sign in
                  </Title>
                  <Text size="sm" c="dimmed">
                    Agents, customers and administrators all sign in here.
                  </Text>
                </div>
                {signOutReason === 'expired' && !error && (
                  <Alert
                    color="orange"
                    icon={<IconClockExclamation size={18} />}
                    title="Session expired"
                    role="status"
                  >
                    Your session has ended. Sign in again to continue where you left off.
                  </Alert>
                )}
                {signOutReason === 'signed_out' && !error && (
                  <Alert color="blue" icon={<IconInfoCircle size={18} />} role="status">
                    You have signed out.
                  </Alert>
                )}
                {error && (
                  <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                    {error}
                  </Alert>
                )}
                <TextInput
                  ref={emailRef}
                  label="Email"
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(event) => setEmail(event.currentTarget.value)}
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                />
                <Button type="submit" loading={busy} disabled={!email || !password} fullWidth>
                  Sign in
                </Button>
              </Stack>
            </form>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            Tierline help desk ·{' '}
            <Anchor href="/api/docs" size="xs" underline="always">
              API documentation
            </Anchor>
          </Text>
        </Stack>
      </Box>
    </Center>
  );
}

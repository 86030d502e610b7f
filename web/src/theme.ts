import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'tierline-color-scheme' });

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  headings: { fontWeight: '600' },
  cursorType: 'pointer',
  // People who ask their system for less motion get dialogs and menus without transitions.
  respectReducedMotion: true,
  components: {
    Badge: { defaultProps: { radius: 'sm', tt: 'none' } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm' } },
    Modal: { defaultProps: { centered: true, closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
  },
});

/** Mantine's default dimmed grey is too faint for small text (WCAG AA); use a darker one. */
const LIGHT_VARIANT_COLORS = ['gray', 'red', 'blue', 'violet', 'grape'];
/** Mantine's shade 9 of these is still too light on their own tint; darker custom tones instead. */
const DARKER_LIGHT_TEXT: Record<string, string> = {
  yellow: '#6b4700',
  orange: '#9a3a06',
  green: '#1f6f3a',
  teal: '#066649',
  cyan: '#0b6072',
};

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // Light-variant text (badges, light buttons, alerts) one shade darker than Mantine's default.
    ...Object.fromEntries(
      LIGHT_VARIANT_COLORS.map((color) => [
        `--mantine-color-${color}-light-color`,
        `var(--mantine-color-${color}-9)`,
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(DARKER_LIGHT_TEXT).map(([color, value]) => [
        `--mantine-color-${color}-light-color`,
        value,
      ]),
    ),
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
  },
});

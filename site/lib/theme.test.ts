import { describe, expect, it } from 'vitest';
import { resolveTheme, themeToggleLabel, toggledTheme } from './theme';

describe('theme', () => {
  it.each([
    ['dark', false, 'dark'],
    ['light', true, 'light'],
    [null, true, 'dark'],
    [null, false, 'light'],
    ['purple', true, 'dark'],
  ] as const)('resolveTheme(%s, prefersDark=%s) is %s', (saved, prefersDark, expected) => {
    expect(resolveTheme(saved, prefersDark)).toBe(expected);
  });

  it('toggles and labels in French', () => {
    expect(toggledTheme('dark')).toBe('light');
    expect(toggledTheme('light')).toBe('dark');
    expect(themeToggleLabel('light')).toBe('Passer au thème sombre');
  });
});

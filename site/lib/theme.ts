/**
 * Light/dark theme choice. The page follows the system preference until the learner picks a theme; the
 * choice is kept in localStorage and applied as `data-theme` on <html> before first paint.
 */
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'atelier-theme';

/** resolveTheme returns the saved theme when valid, else the system preference. */
export function resolveTheme(saved: string | null, prefersDark: boolean): Theme {
  if (saved === 'light' || saved === 'dark') return saved;
  return prefersDark ? 'dark' : 'light';
}

/** toggledTheme returns the other theme. */
export function toggledTheme(current: Theme): Theme {
  return current === 'dark' ? 'light' : 'dark';
}

/** themeToggleLabel is the French accessible label of the toggle button for the current theme. */
export function themeToggleLabel(current: Theme): string {
  return current === 'dark' ? 'Passer au thème clair' : 'Passer au thème sombre';
}

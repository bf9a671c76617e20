/**
 * The width of the lab's right pane: the learner drags the separator or uses the arrow keys; the width is
 * kept between visits. Both the lesson and the pane keep a
 * minimum width.
 */

export const PANE_WIDTH_KEY = 'atelier-lab-width';
/** MIN_PANE_PX is the narrowest pane (about 45 columns of terminal). */
export const MIN_PANE_PX = 360;
/** MIN_LESSON_PX is the room always left to the lesson. */
export const MIN_LESSON_PX = 360;
/** KEY_STEP_PX is how far one arrow key moves the separator. */
export const KEY_STEP_PX = 32;

/** defaultPaneWidth is 45 % of the window: at 1280 px, a 576 px pane (about 70 terminal columns). */
export function defaultPaneWidth(viewport: number): number {
  return clampPaneWidth(Math.round(viewport * 0.45), viewport);
}

/** clampPaneWidth keeps a width between MIN_PANE_PX and what leaves MIN_LESSON_PX to the lesson. */
export function clampPaneWidth(width: number, viewport: number): number {
  const max = Math.max(MIN_PANE_PX, viewport - MIN_LESSON_PX);
  if (!Number.isFinite(width)) return defaultPaneWidth(viewport);
  return Math.round(Math.min(max, Math.max(MIN_PANE_PX, width)));
}

/** savedPaneWidth reads the kept width (a string from localStorage), falling back to the default. */
export function savedPaneWidth(saved: string | null, viewport: number): number {
  const value = saved === null ? Number.NaN : Number(saved);
  return Number.isFinite(value) && value > 0 ? clampPaneWidth(value, viewport) : defaultPaneWidth(viewport);
}

/**
 * keyboardPaneWidth applies a key on the separator: the pane sits on the right, so ArrowLeft widens it,
 * ArrowRight narrows it, Home/End go to the extremes. Undefined for other keys.
 */
export function keyboardPaneWidth(key: string, width: number, viewport: number): number | undefined {
  switch (key) {
    case 'ArrowLeft':
      return clampPaneWidth(width + KEY_STEP_PX, viewport);
    case 'ArrowRight':
      return clampPaneWidth(width - KEY_STEP_PX, viewport);
    case 'Home':
      return clampPaneWidth(viewport, viewport);
    case 'End':
      return MIN_PANE_PX;
    default:
      return undefined;
  }
}

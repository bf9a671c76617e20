import { describe, expect, it } from 'vitest';
import { clampPaneWidth, defaultPaneWidth, keyboardPaneWidth, savedPaneWidth } from './pane-width';

describe('pane width', () => {
  it.each([
    [1280, 576],
    [1920, 864],
    [700, 360],
  ])('defaults to 45 %% of a %d px window: %d px', (viewport, width) => {
    expect(defaultPaneWidth(viewport)).toBe(width);
  });

  it.each([
    [100, 1280, 360],
    [600.4, 1280, 600],
    [5000, 1280, 920],
    [Number.NaN, 1280, 576],
    [500, 600, 360],
  ])('clamps %d in a %d px window to %d', (width, viewport, expected) => {
    expect(clampPaneWidth(width, viewport)).toBe(expected);
  });

  it.each([
    [null, 576],
    ['700', 700],
    ['garbage', 576],
    ['-5', 576],
    ['99999', 920],
  ])('reads the saved width %j as %d', (saved, expected) => {
    expect(savedPaneWidth(saved, 1280)).toBe(expected);
  });

  it.each([
    ['ArrowLeft', 600, 632],
    ['ArrowRight', 600, 568],
    ['ArrowRight', 370, 360],
    ['Home', 600, 920],
    ['End', 600, 360],
    ['Enter', 600, undefined],
  ])('%s from %d px gives %s', (key, width, expected) => {
    expect(keyboardPaneWidth(key, width, 1280)).toBe(expected);
  });
});

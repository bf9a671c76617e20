/**
 * ManifestDiffView: the result of « Comparer » under the editor. One block per object of the manifest:
 * what « Appliquer » would do to it (« sera créé », « sera modifié », « inchangé », or the API server's
 * refusal) and a read-only unified diff (CodeMirror's unifiedMergeView: the live object on the removed
 * side, the dry-run result on the added side; a new object is entirely added). Then « Appliquer » or
 * « Fermer » (or Escape). Loaded with a dynamic import on the first comparison.
 */
import { yaml } from '@codemirror/lang-yaml';
import { unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { FRENCH_PHRASES } from './phrases';
import { ACTION_LABELS, lineChanges, objectTitle, type ObjectDiff, summary } from './diff-model';

/** The diff follows the site's light and dark themes (additions and removals are also marked + / −). */
const diffTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--card)', color: 'var(--fg)', fontSize: '13px' },
  '.cm-content': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace" },
  '.cm-changedLine': { backgroundColor: 'color-mix(in srgb, #2da44e 16%, transparent)' },
  '.cm-changedText': { backgroundColor: 'color-mix(in srgb, #2da44e 38%, transparent)' },
  '.cm-deletedChunk': { backgroundColor: 'color-mix(in srgb, #cf222e 14%, transparent)' },
  '.cm-deletedChunk del': { backgroundColor: 'color-mix(in srgb, #cf222e 35%, transparent)' },
  '.cm-changeGutter': { width: '4px' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', borderRight: 'none' },
});

export interface DiffViewOptions {
  host: HTMLElement;
  /** apply sends the compared manifest to the cluster (« Appliquer »). */
  apply: () => void;
  close: () => void;
}

export class ManifestDiffView {
  private views: EditorView[] = [];

  constructor(private readonly options: DiffViewOptions) {
    // Escape leaves the comparison, like a dialog, and gives the keyboard back to the editor.
    options.host.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || options.host.hidden) return;
      event.preventDefault();
      options.close();
    });
  }

  /** show replaces the view's content with the comparison of each object. */
  show(diffs: ObjectDiff[]): void {
    this.destroyViews();
    const { host } = this.options;
    host.replaceChildren();
    host.hidden = false;
    const heading = document.createElement('h2');
    heading.textContent = 'Comparaison avec le cluster';
    heading.tabIndex = -1;
    const intro = document.createElement('p');
    intro.className = 'diff-summary';
    intro.textContent = summary(diffs);
    host.append(heading, intro);
    for (const diff of diffs) host.append(this.objectBlock(diff));
    const actions = document.createElement('div');
    actions.className = 'diff-actions';
    const apply = button('Appliquer', () => this.options.apply());
    apply.classList.add('primary');
    apply.disabled = !diffs.some((d) => d.action === 'create' || d.action === 'update');
    actions.append(
      apply,
      button('Fermer', () => this.options.close()),
    );
    host.append(actions);
    heading.focus();
  }

  /** hide empties the view. */
  hide(): void {
    this.destroyViews();
    this.options.host.replaceChildren();
    this.options.host.hidden = true;
  }

  private objectBlock(diff: ObjectDiff): HTMLElement {
    const section = document.createElement('section');
    section.className = 'diff-object';
    section.dataset.action = diff.action;
    const title = document.createElement('h3');
    const { added, removed } = lineChanges(diff);
    const counts = diff.action === 'update' ? ` (+${added} −${removed} lignes)` : '';
    title.textContent = `${objectTitle(diff)} : ${ACTION_LABELS[diff.action]}${counts}`;
    section.append(title);
    if (diff.action === 'error') {
      const message = document.createElement('p');
      message.className = 'error-box';
      message.textContent = diff.message ?? 'Refusé.';
      section.append(message);
      return section;
    }
    if (diff.action === 'unchanged') return section;
    const holder = document.createElement('div');
    holder.className = 'diff-code';
    holder.setAttribute('role', 'region');
    holder.setAttribute('aria-label', `Différences pour ${objectTitle(diff)}`);
    section.append(holder);
    this.views.push(
      new EditorView({
        parent: holder,
        state: EditorState.create({
          doc: diff.applied,
          extensions: [
            yaml(),
            EditorState.readOnly.of(true),
            EditorView.editable.of(false),
            EditorView.lineWrapping,
            unifiedMergeView({
              original: diff.live,
              mergeControls: false,
              gutter: true,
              collapseUnchanged: { margin: 2, minSize: 6 },
            }),
            diffTheme,
            FRENCH_PHRASES,
          ],
        }),
      }),
    );
    return section;
  }

  private destroyViews(): void {
    for (const view of this.views) view.destroy();
    this.views = [];
  }
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

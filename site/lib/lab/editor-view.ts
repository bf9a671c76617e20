/**
 * ManifestEditor: the lab's « Éditeur » tab. CodeMirror 6 with YAML highlighting, the checks of
 * manifest-check.ts shown on their lines (syntax at once, then the Kubernetes schema checks as soon as
 * the schemas have loaded) and field completion. Loaded with a dynamic import when the tab first
 * opens: CodeMirror and the schemas never weigh on the lesson page.
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { forceLinting, linter, lintGutter } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import { EditorState } from '@codemirror/state';
import { EditorView, basicSetup } from 'codemirror';
import { completeAt } from '../editor/completion';
import { FRENCH_PHRASES } from '../editor/phrases';
import { type KubernetesSchemas, loadSchemas } from '../editor/schema';
import { manifestProblems } from '../manifest-check';

/** The editor's colours come from the site's CSS variables, so it follows the light and dark themes. */
const siteTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--card)', color: 'var(--fg)', height: '100%', fontSize: '14px' },
  '.cm-content': { caretColor: 'var(--accent)', fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace" },
  '.cm-gutters': {
    backgroundColor: 'var(--code-bg)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine, .cm-activeLineGutter': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)',
  },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent)',
  },
  '.cm-scroller': { overflow: 'auto' },
});

/**
 * siteHighlight colours YAML with the --syntax-* variables of site/styles/lab.css: CodeMirror's default
 * colours are made for light backgrounds and fail AA contrast in the dark theme.
 */
const siteHighlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--syntax-key)' },
  { tag: [tags.string, tags.content, tags.attributeValue], color: 'var(--fg)' },
  { tag: [tags.number, tags.bool, tags.null, tags.keyword], color: 'var(--syntax-number)' },
  { tag: tags.comment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.meta], color: 'var(--syntax-punct)' },
  { tag: [tags.labelName, tags.typeName], color: 'var(--syntax-string)' },
]);

/** ManifestEditor wraps one CodeMirror view. */
export class ManifestEditor {
  private readonly view: EditorView;
  private schemas: KubernetesSchemas | undefined;
  /** schemasReady resolves to true once the schema checks and completion are on, false if they failed to load. */
  readonly schemasReady: Promise<boolean>;

  constructor(parent: HTMLElement, initial: string, onSchemaStatus: (message: string) => void = () => {}) {
    const source = (context: CompletionContext) => this.complete(context);
    this.view = new EditorView({
      parent,
      doc: initial,
      extensions: [
        basicSetup,
        yaml(),
        syntaxHighlighting(siteHighlight),
        lintGutter(),
        linter((view) => manifestProblems(view.state.doc.toString(), this.schemas), { delay: 300 }),
        // Why one function: the completion plugin keeps its results per source, by identity.
        EditorState.languageData.of(() => [{ autocomplete: source }]),
        siteTheme,
        FRENCH_PHRASES,
        EditorView.contentAttributes.of({ 'aria-label': 'Manifeste YAML' }),
      ],
    });
    this.schemasReady = loadSchemas().then(
      (schemas) => {
        this.schemas = schemas;
        forceLinting(this.view);
        return true;
      },
      (error: unknown) => {
        // Why not fatal: the syntax check and the API server's own answer still help the learner.
        onSchemaStatus(`Vérification des champs indisponible : ${(error as Error).message}.`);
        return false;
      },
    );
  }

  /**
   * complete is the completion source: the fields, enum values and types valid at the cursor
   * (editor/completion.ts). It opens while a word is typed, or anywhere on Ctrl+Espace.
   */
  private complete(context: CompletionContext): CompletionResult | null {
    if (!this.schemas) return null;
    const found = completeAt(context.state.doc.toString(), context.pos, this.schemas);
    if (!found || found.options.length === 0) return null;
    if (found.from === context.pos && !context.explicit) return null;
    return {
      from: found.from,
      ...(found.to === undefined ? {} : { to: found.to }),
      options: found.options.map((o) => ({
        label: o.label,
        apply: o.apply,
        detail: o.detail,
        info: o.info,
        type: o.type,
      })),
      validFor: /^[\w.-]*$/,
    };
  }

  /** text returns the YAML being edited. */
  text(): string {
    return this.view.state.doc.toString();
  }

  /** problems lists what is wrong with the manifest (the buttons refuse to send a YAML syntax error). */
  problems(): ReturnType<typeof manifestProblems> {
    return manifestProblems(this.text(), this.schemas);
  }

  /** load replaces the whole document (a lesson's YAML block opened in the editor). */
  load(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** focus moves the keyboard focus into the editor. */
  focus(): void {
    this.view.focus();
  }
}

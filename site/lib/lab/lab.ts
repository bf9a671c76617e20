/**
 * The lab pane's eager script (kept small): tabs, the resizable separator, the sandbox state badge, the
 * « Exécuter » buttons of the lesson's `sh` blocks and the « Ouvrir dans l'éditeur » buttons of its `yaml`
 * blocks. xterm.js, CodeMirror, the exercise panel and the d3 cluster map load with dynamic imports the
 * first time their tab is shown.
 */
import { type ManifestAction, manifestCommand, terminalKeystrokes } from '../heredoc';
import { PANE_WIDTH_KEY, clampPaneWidth, keyboardPaneWidth, savedPaneWidth } from '../pane-width';
import type { ManifestDiffView } from '../editor/diff-view';
import type { ManifestEditor } from './editor-view';
import { SandboxStatus } from './sandbox-status';
import type { TerminalStatus, TerminalView } from './terminal-view';

const PANE_OPEN_KEY = 'atelier-lab-open';

/** startLab wires the lab pane found under `root` (the LabPane component) and the lesson's code blocks. */
export function startLab(root: HTMLElement, lesson: HTMLElement): void {
  const $ = <T extends HTMLElement>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`lab pane: missing ${selector}`);
    return found;
  };
  const status = new SandboxStatus($('[data-sandbox-state]'));
  status.start();

  const layout = root.closest<HTMLElement>('[data-lab-layout]') ?? document.body;
  const toggle = $<HTMLButtonElement>('[data-lab-toggle]');
  const separator = $('[data-lab-separator]');
  const tabs = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];

  let terminal: Promise<TerminalView> | undefined;
  let editor: Promise<ManifestEditor> | undefined;
  let exercisePanel: Promise<unknown> | undefined;
  let clusterMap: Promise<unknown> | undefined;

  const loadTerminal = (): Promise<TerminalView> => {
    terminal ??= Promise.all([import('./terminal-view'), status.ready()]).then(([module, sandbox]) => {
      const connection = $('[data-terminal-state]');
      return new module.TerminalView({
        container: $('[data-terminal]'),
        sandboxId: sandbox.id,
        onStatus: (s: TerminalStatus) => {
          connection.dataset.state = s;
          connection.textContent = TERMINAL_LABELS[s];
          if (s === 'attached') status.refresh();
        },
        onLeave: () => currentTab().focus(),
      });
    });
    return terminal;
  };
  const loadEditor = (): Promise<ManifestEditor> => {
    editor ??= import('./editor-view').then((module) => {
      const host = $('[data-editor]');
      const initial = $<HTMLTemplateElement>('[data-editor-initial]').content.textContent ?? '';
      host.replaceChildren();
      return new module.ManifestEditor(host, initial.replace(/^\n/, ''), (message) => {
        $('[data-editor-message]').textContent = message;
      });
    });
    return editor;
  };

  const loadExercises = (): Promise<unknown> => {
    exercisePanel ??= import('./exercise-panel').then(async (module) => {
      const panel = $('#lab-panel-exercice');
      const staticPart = $('[data-exercise-static]');
      const declared = (panel.dataset.declared ?? '').split(',').filter((id) => id !== '');
      const view = new module.ExercisePanel({
        host: $('[data-exercise-live]'),
        chapter: panel.dataset.chapter ?? '',
        declared,
        sandbox: () => status.ready(),
        onSandboxChanged: () => status.refresh(),
        typeInTerminal: (command) => void runInTerminal(command),
      });
      staticPart.hidden = true;
      // Why keep the built-in statements on failure: the lesson stays usable while the server is down.
      if (!(await view.load())) staticPart.hidden = false;
      return view;
    });
    return exercisePanel;
  };
  const loadClusterMap = (): Promise<unknown> => {
    clusterMap ??= Promise.all([import('../cluster/cluster-map'), status.ready()]).then(
      ([module, sandbox]) =>
        new module.ClusterMap({
          host: $('[data-cluster]'),
          sandboxId: sandbox.id,
          onSandbox: (s) => status.accept(s),
        }),
    );
    return clusterMap;
  };

  const setOpen = (open: boolean): void => {
    layout.dataset.labOpen = String(open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Masquer le lab' : 'Ouvrir le lab';
    localStorage.setItem(PANE_OPEN_KEY, String(open));
    if (open) showTab(currentTab());
  };

  const currentTab = (): HTMLButtonElement =>
    tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0]!;

  const showTab = (tab: HTMLButtonElement, focus = false): void => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    if (tab.dataset.tab === 'terminal') void loadTerminal().then((t) => t.refit());
    if (tab.dataset.tab === 'editeur') void loadEditor();
    if (tab.dataset.tab === 'exercice') void loadExercises();
    if (tab.dataset.tab === 'cluster') void loadClusterMap();
  };

  for (const tab of tabs) {
    tab.addEventListener('click', () => showTab(tab));
    // Why arrow keys: the WAI-ARIA tabs pattern; Tab then moves into the panel rather than along the tabs.
    tab.addEventListener('keydown', (event) => {
      const i = tabs.indexOf(tab);
      const next =
        event.key === 'ArrowRight'
          ? tabs[(i + 1) % tabs.length]
          : event.key === 'ArrowLeft'
            ? tabs[(i - 1 + tabs.length) % tabs.length]
            : event.key === 'Home'
              ? tabs[0]
              : event.key === 'End'
                ? tabs[tabs.length - 1]
                : undefined;
      if (!next) return;
      event.preventDefault();
      showTab(next, true);
    });
  }

  toggle.addEventListener('click', () => setOpen(layout.dataset.labOpen !== 'true'));
  wireSeparator(layout, separator);

  /** runInTerminal opens the lab on the terminal and types `command` into it. */
  const runInTerminal = async (command: string): Promise<void> => {
    if (layout.dataset.labOpen !== 'true') setOpen(true);
    const tab = tabs.find((t) => t.dataset.tab === 'terminal');
    if (tab) showTab(tab);
    const view = await loadTerminal();
    view.send(terminalKeystrokes(command));
    view.focus();
  };

  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-manifest-action]')) {
    button.addEventListener('click', async () => {
      const view = await loadEditor();
      const message = $('[data-editor-message]');
      // Why only syntax errors block: a missing field is worth showing kubectl's own answer to the learner.
      const problems = view.problems();
      if (problems.some((p) => p.message.startsWith('YAML invalide'))) {
        message.textContent = 'Le YAML contient une erreur de syntaxe : corrigez-la avant de l’envoyer.';
        return;
      }
      const command = manifestCommand(view.text(), button.dataset.manifestAction as ManifestAction);
      if (!command) {
        message.textContent = 'L’éditeur est vide.';
        return;
      }
      message.textContent = '';
      await runInTerminal(command);
    });
  }

  // « Comparer »: the platform's server-side dry-run against the live objects, shown as a diff, then
  // « Appliquer » types the compared manifest into the terminal.
  let diffView: Promise<ManifestDiffView> | undefined;
  const editorHost = $('[data-editor]');
  const closeDiff = (): void => {
    void diffView?.then((view) => view.hide());
    editorHost.hidden = false;
    void loadEditor().then((view) => view.focus());
  };
  const compareButton = $<HTMLButtonElement>('[data-editor-compare]');
  compareButton.addEventListener('click', async () => {
    const view = await loadEditor();
    const message = $('[data-editor-message]');
    if (view.problems().some((p) => p.message.startsWith('YAML invalide'))) {
      message.textContent = 'Le YAML contient une erreur de syntaxe : corrigez-la avant de comparer.';
      return;
    }
    const manifest = view.text();
    if (manifest.trim() === '') {
      message.textContent = 'L’éditeur est vide.';
      return;
    }
    compareButton.disabled = true;
    message.textContent = 'Comparaison avec le cluster…';
    try {
      const [model, sandbox] = await Promise.all([import('../editor/diff-model'), status.ready()]);
      const result = await model.compareManifest(fetch.bind(window), sandbox.id, manifest);
      if (!result.ok) {
        message.textContent = result.message;
        return;
      }
      diffView ??= import('../editor/diff-view').then(
        (module) =>
          new module.ManifestDiffView({
            host: $('[data-editor-diff]'),
            apply: () => {
              closeDiff();
              const command = manifestCommand(manifest, 'apply');
              if (command) void runInTerminal(command);
            },
            close: closeDiff,
          }),
      );
      const shown = await diffView;
      message.textContent = '';
      editorHost.hidden = true;
      shown.show(result.value);
    } catch (error) {
      message.textContent = `Comparaison impossible : ${(error as Error).message}`;
    } finally {
      compareButton.disabled = false;
    }
  });

  decorateCodeBlocks(lesson, runInTerminal, async (yamlText) => {
    const tab = tabs.find((t) => t.dataset.tab === 'editeur');
    if (layout.dataset.labOpen !== 'true') setOpen(true);
    if (tab) showTab(tab);
    const view = await loadEditor();
    closeDiff();
    view.load(yamlText);
    view.focus();
  });

  const savedOpen = localStorage.getItem(PANE_OPEN_KEY);
  setOpen(savedOpen === null ? window.innerWidth >= 900 : savedOpen === 'true');
}

const TERMINAL_LABELS: Record<TerminalStatus, string> = {
  connecting: 'connexion…',
  attached: 'connecté',
  closed: 'déconnecté',
};

/** decorateCodeBlocks adds the action buttons under the lesson's `sh` and `yaml` blocks. */
function decorateCodeBlocks(
  lesson: HTMLElement,
  run: (command: string) => Promise<void>,
  edit: (yaml: string) => Promise<void>,
): void {
  for (const pre of lesson.querySelectorAll<HTMLPreElement>('pre[data-language]')) {
    const language = pre.dataset.language;
    const kind = language === 'sh' || language === 'bash' ? 'run' : language === 'yaml' ? 'edit' : undefined;
    if (!kind) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'code-action';
    button.textContent = kind === 'run' ? 'Exécuter' : 'Ouvrir dans l’éditeur';
    const text = pre.textContent ?? '';
    button.setAttribute(
      'aria-label',
      kind === 'run'
        ? `Exécuter dans le terminal : ${text.trim().split('\n')[0]}`
        : 'Ouvrir ce YAML dans l’éditeur',
    );
    button.addEventListener('click', () => void (kind === 'run' ? run(text) : edit(text)));
    pre.after(button);
  }
}

/** wireSeparator makes the separator draggable (pointer) and keyboard-operable (arrows, Home, End). */
function wireSeparator(layout: HTMLElement, separator: HTMLElement): void {
  const apply = (width: number): void => {
    layout.style.setProperty('--lab-width', `${width}px`);
    separator.setAttribute('aria-valuenow', String(width));
    separator.setAttribute(
      'aria-valuemax',
      String(clampPaneWidth(Number.MAX_SAFE_INTEGER, window.innerWidth)),
    );
  };
  let width = savedPaneWidth(localStorage.getItem(PANE_WIDTH_KEY), window.innerWidth);
  apply(width);
  const save = (): void => localStorage.setItem(PANE_WIDTH_KEY, String(width));

  separator.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    separator.setPointerCapture(event.pointerId);
    layout.dataset.resizing = 'true';
    const move = (e: PointerEvent): void => {
      width = clampPaneWidth(window.innerWidth - e.clientX, window.innerWidth);
      apply(width);
    };
    const up = (): void => {
      separator.removeEventListener('pointermove', move);
      delete layout.dataset.resizing;
      save();
    };
    separator.addEventListener('pointermove', move);
    separator.addEventListener('pointerup', up, { once: true });
    separator.addEventListener('pointercancel', up, { once: true });
  });
  separator.addEventListener('keydown', (event) => {
    const next = keyboardPaneWidth(event.key, width, window.innerWidth);
    if (next === undefined) return;
    event.preventDefault();
    width = next;
    apply(width);
    save();
  });
  window.addEventListener('resize', () => {
    width = clampPaneWidth(width, window.innerWidth);
    apply(width);
  });
}

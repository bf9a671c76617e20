/**
 * ExercisePanel: the lab's « Exercice » tab, wired to the platform's exercise routes. It lists the lesson's
 * exercises with the learner's status; the selected one shows its statement, « Démarrer » (resets the
 * sandbox, after confirmation), « Vérifier » (each check with ✓/✗, points and message, then the score), the
 * live checklist (continuous checks streamed while the learner works), progressive hints and the solution
 * (after confirmation). Loaded with a dynamic import the first time the tab shows.
 */
import { type CheckReport, type ExerciseDetail, type ExerciseItem, parseCheckReport } from '../api/contract';
import { ExercisesClient } from '../api/exercises-client';
import { openEventStream, type StreamState } from '../api/sse';
import {
  checkedAtLabel,
  formatPoints,
  hintButtonLabel,
  lessonExercises,
  reportSummary,
  scoreLine,
  statusLabel,
} from '../exercises/exercise-view';
import type { SandboxSummary } from '../sandbox-state';
import { confirmDialog } from '../ui/confirm';
import { escapeHtml, markdownToHtml } from '../ui/markdown';

export interface ExercisePanelOptions {
  host: HTMLElement;
  chapter: string;
  declared: string[];
  sandbox: () => Promise<SandboxSummary>;
  /** onSandboxChanged is called after a start reset the sandbox (the badge asks the state again). */
  onSandboxChanged: () => void;
  /** typeInTerminal types the solution's commands into the terminal (on the learner's request). */
  typeInTerminal: (command: string) => void;
}

const LIVE_LABELS: Record<StreamState, string> = {
  connecting: 'connexion…',
  live: 'en direct',
  retrying: 'reconnexion…',
  unavailable: 'indisponible',
};

export class ExercisePanel {
  private readonly client = new ExercisesClient((url, init) => fetch(url, init));
  private items: ExerciseItem[] = [];
  private selected: ExerciseDetail | undefined;
  private closeStream: (() => void) | undefined;
  private readonly list = document.createElement('ul');
  private readonly detail = document.createElement('div');
  private readonly announcer = document.createElement('p');

  constructor(private readonly options: ExercisePanelOptions) {
    this.list.className = 'exercise-list';
    this.list.setAttribute('aria-label', 'Exercices de la leçon');
    this.detail.className = 'exercise-detail';
    this.announcer.className = 'visually-hidden';
    this.announcer.setAttribute('role', 'status');
    this.announcer.setAttribute('aria-live', 'polite');
  }

  /**
   * load fetches the exercises and shows the first (or the one the sandbox was started for). It resolves
   * false when the server cannot list them: the page then keeps the statements built into it.
   */
  async load(): Promise<boolean> {
    const { host } = this.options;
    host.replaceChildren(paragraph('Chargement des exercices…'));
    const result = await this.client.list();
    if (!result.ok) {
      host.replaceChildren(
        errorBox(`Suivi des exercices indisponible (${result.message}) : voici les énoncés seuls.`),
      );
      return false;
    }
    this.items = lessonExercises(result.value, this.options.chapter, this.options.declared);
    if (this.items.length === 0) {
      host.replaceChildren(
        paragraph('Cette leçon n’a pas d’exercice noté : utilisez le terminal pour rejouer ses commandes.'),
      );
      return true;
    }
    host.replaceChildren(this.list, this.detail, this.announcer);
    const sandbox = await this.options.sandbox();
    const current = this.items.find((e) => e.id === sandboxExercise(sandbox)) ?? this.items[0]!;
    this.renderList();
    await this.select(current.id);
    return true;
  }

  private renderList(): void {
    this.list.replaceChildren(
      ...this.items.map((item) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'exercise-choice';
        button.dataset.exerciseId = item.id;
        button.setAttribute('aria-pressed', String(item.id === this.selected?.id));
        button.innerHTML = `<span class="exercise-title">${escapeHtml(item.title)}</span>
          <span class="status-pill" data-status="${item.status}">${statusLabel(item.status)}</span>`;
        button.addEventListener('click', () => void this.select(item.id));
        li.append(button);
        return li;
      }),
    );
  }

  private async select(id: string): Promise<void> {
    this.closeStream?.();
    this.closeStream = undefined;
    const result = await this.client.detail(id);
    if (!result.ok) {
      this.detail.replaceChildren(errorBox(result.message));
      return;
    }
    this.selected = result.value;
    this.renderList();
    this.renderDetail();
    const sandbox = await this.options.sandbox();
    // Why only for the started exercise: grading another exercise against this cluster would be noise.
    if (sandboxExercise(sandbox) === id || this.selected.status === 'en-cours') this.follow(sandbox.id, id);
  }

  private renderDetail(): void {
    const ex = this.selected;
    if (!ex) return;
    const hintLabel = hintButtonLabel(ex.hintsRevealed, ex.hintsTotal);
    this.detail.innerHTML = `
      <h2>${escapeHtml(ex.title)}</h2>
      <p class="exercise-meta">
        <span class="status-pill" data-status="${ex.status}">${statusLabel(ex.status)}</span>
        ${ex.minutes > 0 ? `<span>${ex.minutes} min</span>` : ''}
        ${ex.level ? `<span>niveau ${escapeHtml(ex.level)}</span>` : ''}
        <span data-score>${escapeHtml(scoreLine(ex))}</span>
      </p>
      <div class="statement">${markdownToHtml(ex.statement)}</div>
      ${
        ex.objectives.length > 0
          ? `<h3>Objectifs</h3><ul>${ex.objectives.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>`
          : ''
      }
      <div class="exercise-actions">
        <button type="button" data-action="start">Démarrer</button>
        <button type="button" class="primary" data-action="check">Vérifier</button>
        ${hintLabel ? `<button type="button" data-action="hint">${hintLabel}</button>` : ''}
        <button type="button" data-action="solution">Voir la solution</button>
      </div>
      <p class="action-message" data-message role="status" aria-live="polite"></p>
      <section class="live-checks" aria-labelledby="live-title">
        <h3 id="live-title">Vérification continue <span class="live-state" data-live>inactive</span></h3>
        <div data-live-checks><p class="muted">Cliquez sur « Démarrer » : la liste se met à jour pendant que vous travaillez.</p></div>
      </section>
      <section class="check-report" data-report aria-labelledby="report-title" hidden>
        <h3 id="report-title">Dernière vérification</h3>
        <div data-report-body></div>
      </section>
      <section data-hints ${ex.hints.length === 0 ? 'hidden' : ''}>
        <h3>Indices</h3>
        <ol>${ex.hints.map((h) => `<li>${markdownToHtml(h)}</li>`).join('')}</ol>
      </section>
      <section data-solution hidden><h3>Solution</h3><div data-solution-body></div></section>`;
    const on = (action: string, run: () => Promise<void>): void =>
      this.detail
        .querySelector<HTMLButtonElement>(`[data-action="${action}"]`)
        ?.addEventListener('click', (event) => {
          const button = event.currentTarget as HTMLButtonElement;
          button.disabled = true;
          void run().finally(() => (button.disabled = false));
        });
    on('start', () => this.start());
    on('check', () => this.check());
    on('hint', () => this.hint());
    on('solution', () => this.reveal());
  }

  private message(text: string, tone: 'info' | 'error' = 'info'): void {
    const el = this.detail.querySelector<HTMLElement>('[data-message]');
    if (!el) return;
    el.textContent = text;
    el.dataset.tone = tone;
  }

  private async start(): Promise<void> {
    const ex = this.selected;
    if (!ex) return;
    const ok = await confirmDialog({
      title: 'Démarrer l’exercice ?',
      message:
        'Votre cluster va être remis à zéro dans l’état de départ de l’exercice : tout ce que vous y avez créé sera effacé.',
      confirmLabel: 'Réinitialiser et démarrer',
    });
    if (!ok) return;
    this.message('Réinitialisation du cluster…');
    const sandbox = await this.options.sandbox();
    const result = await this.client.start(sandbox.id, ex.id);
    if (!result.ok) {
      this.message(result.message, 'error');
      return;
    }
    this.options.onSandboxChanged();
    this.updateItem(result.value.exercise);
    this.message('Exercice démarré : votre cluster est dans l’état de départ.');
    this.follow(sandbox.id, ex.id);
  }

  private async check(): Promise<void> {
    const ex = this.selected;
    if (!ex) return;
    this.message('Vérification en cours…');
    const sandbox = await this.options.sandbox();
    const result = await this.client.check(sandbox.id, ex.id);
    if (!result.ok) {
      this.message(result.message, 'error');
      return;
    }
    const report = result.value;
    this.message('');
    const section = this.detail.querySelector<HTMLElement>('[data-report]');
    const body = this.detail.querySelector<HTMLElement>('[data-report-body]');
    if (section && body) {
      section.hidden = false;
      body.replaceChildren(renderReport(report, true));
    }
    this.announcer.textContent = reportSummary(report);
    this.updateItem({
      ...ex,
      status: report.passed ? 'reussi' : ex.status === 'reussi' ? 'reussi' : 'en-cours',
      score: report.score,
      maxScore: report.maxScore,
      attempts: ex.attempts + 1,
    });
  }

  private async hint(): Promise<void> {
    const ex = this.selected;
    if (!ex) return;
    const sandbox = await this.options.sandbox();
    const result = await this.client.nextHint(sandbox.id, ex.id);
    if (!result.ok) {
      this.message(result.message, 'error');
      return;
    }
    this.selected = { ...ex, hints: result.value.hints, hintsRevealed: result.value.hints.length };
    this.updateItem(this.selected);
    this.detail.querySelector<HTMLElement>('[data-hints] li:last-child')?.setAttribute('tabindex', '-1');
    this.detail.querySelector<HTMLElement>('[data-hints] li:last-child')?.focus();
  }

  private async reveal(): Promise<void> {
    const ex = this.selected;
    if (!ex) return;
    const ok = await confirmDialog({
      title: 'Voir la solution ?',
      message:
        'La solution sera affichée et votre formateur verra que vous l’avez consultée. Essayez d’abord les indices !',
      confirmLabel: 'Afficher la solution',
    });
    if (!ok) return;
    const sandbox = await this.options.sandbox();
    const result = await this.client.solution(sandbox.id, ex.id);
    if (!result.ok) {
      this.message(result.message, 'error');
      return;
    }
    this.updateItem({ ...ex, solutionRevealed: true });
    const section = this.detail.querySelector<HTMLElement>('[data-solution]');
    const body = this.detail.querySelector<HTMLElement>('[data-solution-body]');
    if (!section || !body) return;
    section.hidden = false;
    body.replaceChildren();
    const { commands, manifests } = result.value;
    if (commands) {
      const pre = document.createElement('pre');
      pre.textContent = commands;
      const run = document.createElement('button');
      run.type = 'button';
      run.textContent = 'Exécuter dans le terminal';
      run.addEventListener('click', () => this.options.typeInTerminal(commands));
      body.append(pre, run);
    }
    for (const manifest of manifests) {
      const title = document.createElement('h4');
      title.textContent = manifest.name;
      const pre = document.createElement('pre');
      pre.textContent = manifest.content;
      body.append(title, pre);
    }
    if (!commands && manifests.length === 0)
      body.append(paragraph('Pas de solution publiée pour cet exercice.'));
    section.tabIndex = -1;
    section.focus();
  }

  /** follow opens the continuous-check stream of an exercise (one at a time). */
  private follow(sandboxId: string, id: string): void {
    this.closeStream?.();
    const live = (): HTMLElement | null => this.detail.querySelector('[data-live]');
    const target = (): HTMLElement | null => this.detail.querySelector('[data-live-checks]');
    this.closeStream = openEventStream({
      fetchFn: (url, init) => fetch(url, init),
      url: this.client.eventsUrl(sandboxId, id),
      onState: (state) => {
        const el = live();
        if (!el) return;
        el.textContent = LIVE_LABELS[state];
        el.dataset.state = state;
      },
      onEvent: (event) => {
        if (event.event !== 'check') return;
        let value: unknown;
        try {
          value = JSON.parse(event.data);
        } catch {
          return;
        }
        const report = parseCheckReport(value);
        if (!report || report.exerciseId !== this.selected?.id) return;
        target()?.replaceChildren(renderReport(report, false));
      },
    });
  }

  private updateItem(next: ExerciseItem): void {
    this.items = this.items.map((e) => (e.id === next.id ? { ...e, ...next } : e));
    if (this.selected?.id === next.id) this.selected = { ...this.selected, ...next };
    this.renderList();
    const keepReport = this.detail.querySelector('[data-report]')?.cloneNode(true);
    const keepLive = this.detail.querySelector('[data-live-checks]')?.cloneNode(true);
    const keepLiveState = this.detail.querySelector('[data-live]')?.cloneNode(true);
    this.renderDetail();
    if (keepReport) this.detail.querySelector('[data-report]')?.replaceWith(keepReport);
    if (keepLive) this.detail.querySelector('[data-live-checks]')?.replaceWith(keepLive);
    if (keepLiveState) this.detail.querySelector('[data-live]')?.replaceWith(keepLiveState);
  }
}

/** sandboxExercise reads the exercise a sandbox was started for. */
function sandboxExercise(sandbox: SandboxSummary): string | undefined {
  return sandbox.exerciseId ?? undefined;
}

/** renderReport draws a checklist: ✓/✗, title, points, message; the full report adds the score line. */
function renderReport(report: CheckReport, full: boolean): HTMLElement {
  const wrap = document.createElement('div');
  const list = document.createElement('ul');
  list.className = 'checklist';
  for (const check of report.checks) {
    const li = document.createElement('li');
    li.dataset.passed = String(check.passed);
    li.innerHTML = `<span class="mark" aria-hidden="true">${check.passed ? '✓' : '✗'}</span>
      <span class="visually-hidden">${check.passed ? 'réussi' : 'échoué'} :</span>
      <span class="check-title">${escapeHtml(check.title)}</span>
      <span class="points">${formatPoints(check.points)} / ${formatPoints(check.maxPoints)} pt</span>
      ${check.message ? `<span class="check-message">${escapeHtml(check.message)}</span>` : ''}`;
    list.append(li);
  }
  const summary = document.createElement('p');
  summary.className = 'report-summary';
  summary.dataset.passed = String(report.passed);
  summary.textContent = full
    ? `${reportSummary(report)} (${checkedAtLabel(report.checkedAt)})`
    : `${formatPoints(report.score)} / ${formatPoints(report.maxScore)} · ${checkedAtLabel(report.checkedAt)}`;
  wrap.append(list, summary);
  return wrap;
}

function paragraph(text: string): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

function errorBox(text: string): HTMLElement {
  const p = paragraph(text);
  p.className = 'error-box';
  p.setAttribute('role', 'alert');
  return p;
}

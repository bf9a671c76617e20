/**
 * A learner's detail for the instructor: grades per exercise with the last check and time spent, the
 * sandbox state with reset and extend, and the learner's terminal in xterm.js, read-only, over the
 * instructor terminal WebSocket (xterm loads with a dynamic import).
 */
import { InstructorClient, type LearnerDetail } from '../api/instructor-client';
import { checkedAtLabel, formatPoints, statusLabel } from '../exercises/exercise-view';
import { confirmDialog } from '../ui/confirm';
import { formatDuration, sandboxLabel } from './grid-view';
import { workshopPageUrl, wsUrl } from './links';

const TERMINAL_LABELS = { connecting: 'connexion…', attached: 'en direct', closed: 'déconnecté' } as const;

export function startLearnerPage(doc: Document): void {
  const client = new InstructorClient((url, init) => fetch(url, init));
  const $ = <T extends HTMLElement>(selector: string): T => doc.querySelector<T>(selector)!;
  const params = new URLSearchParams(window.location.search);
  const workshopId = params.get('atelier') ?? '';
  const learnerId = params.get('apprenant') ?? '';
  const error = $('[data-error]');
  if (!workshopId || !learnerId) {
    error.textContent = 'L’adresse ne désigne pas d’apprenant : revenez à la grille de l’atelier.';
    return;
  }
  $<HTMLAnchorElement>('[data-back]').href = workshopPageUrl(workshopId);
  const message = $('[data-action-message]');

  const load = async (): Promise<void> => {
    const result = await client.learner(workshopId, learnerId);
    if (!result.ok) {
      error.textContent =
        result.status === 401
          ? 'Session formateur absente ou expirée : reconnectez-vous depuis l’espace formateur.'
          : result.message;
      return;
    }
    render(doc, result.value);
  };

  $('[data-reset]').addEventListener('click', () => {
    void (async () => {
      const ok = await confirmDialog({
        title: 'Réinitialiser la sandbox ?',
        message: 'Le cluster de l’apprenant sera remis à zéro : tout ce qu’il y a créé sera effacé.',
        confirmLabel: 'Réinitialiser',
      });
      if (!ok) return;
      message.textContent = 'Réinitialisation…';
      const result = await client.reset(workshopId, learnerId);
      message.textContent = result.ok ? 'Sandbox réinitialisée.' : result.message;
      await load();
    })();
  });
  $('[data-extend]').addEventListener('click', () => {
    void (async () => {
      const hours = Number($<HTMLSelectElement>('[data-extend-hours]').value);
      const result = await client.extend(workshopId, learnerId, hours);
      message.textContent = result.ok
        ? `Sandbox prolongée : elle expire le ${expiry(result.value.expiresAt)}.`
        : result.message;
      await load();
    })();
  });

  void load();
  // Refresh the grades while the instructor watches (the learner keeps working).
  setInterval(() => void load(), 10_000);

  void import('../lab/terminal-view').then((module) => {
    const state = $('[data-terminal-state]');
    new module.TerminalView({
      container: $('[data-terminal]'),
      sandboxId: '',
      readOnly: true,
      socketUrl: () => wsUrl(window.location, client.terminalPath(workshopId, learnerId)),
      onStatus: (s) => {
        state.textContent = TERMINAL_LABELS[s];
        state.dataset.state = s;
      },
      onLeave: () => $('[data-back]').focus(),
    });
  });
}

function expiry(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString('fr-FR');
}

function render(doc: Document, detail: LearnerDetail): void {
  const $ = <T extends HTMLElement>(selector: string): T => doc.querySelector<T>(selector)!;
  doc.title = `${detail.learner.displayName} · Atelier Kubernetes`;
  $('[data-name]').textContent = detail.learner.displayName;
  $('[data-joined]').textContent = detail.learner.joinedAt
    ? `A rejoint l’atelier le ${new Date(detail.learner.joinedAt).toLocaleString('fr-FR')}`
    : '';
  $('[data-sandbox]').textContent = detail.sandbox
    ? `État : ${sandboxLabel(detail.sandbox.state)} · ${detail.sandbox.nodes} nœuds · exercice en cours : ${
        detail.sandbox.exerciseId ?? 'aucun'
      } · expire le ${expiry(detail.sandbox.expiresAt)}`
    : 'L’apprenant n’a pas encore de sandbox.';

  const table = $('[data-grades]');
  const caption = table.querySelector('caption');
  const head = doc.createElement('thead');
  head.innerHTML =
    '<tr><th scope="col">Exercice</th><th scope="col">Statut</th><th scope="col">Score</th>' +
    '<th scope="col">Vérifications</th><th scope="col">Indices</th><th scope="col">Temps passé</th>' +
    '<th scope="col">Dernière vérification</th></tr>';
  const body = doc.createElement('tbody');
  // Exercises the learner worked on first (course order kept within each group).
  const worked = detail.exercises.filter((e) => e.status !== 'a-faire' || e.attempts > 0);
  const untouched = detail.exercises.filter((e) => !worked.includes(e));
  for (const ex of [...worked, ...untouched]) {
    const tr = doc.createElement('tr');
    const cells = [
      statusLabel(ex.status) + (ex.solutionRevealed ? ' · solution consultée' : ''),
      ex.score === null ? '—' : `${formatPoints(ex.score)} / ${formatPoints(ex.maxScore)}`,
      String(ex.attempts),
      `${ex.hintsRevealed} / ${ex.hintsTotal}`,
      formatDuration(ex.timeSpentSeconds),
    ];
    const name = doc.createElement('th');
    name.scope = 'row';
    name.textContent = ex.title;
    tr.append(name);
    for (const text of cells) {
      const td = doc.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    const last = doc.createElement('td');
    if (ex.lastCheck) {
      const summary = doc.createElement('details');
      const title = doc.createElement('summary');
      const passed = ex.lastCheck.checks.filter((c) => c.passed).length;
      title.textContent = `${ex.lastCheck.passed ? '✓' : '✗'} ${passed}/${ex.lastCheck.checks.length} · ${checkedAtLabel(ex.lastCheck.checkedAt)}`;
      const list = doc.createElement('ul');
      for (const check of ex.lastCheck.checks) {
        const li = doc.createElement('li');
        li.textContent = `${check.passed ? '✓' : '✗'} ${check.title} — ${check.message}`;
        list.append(li);
      }
      summary.append(title, list);
      last.append(summary);
    } else last.textContent = '—';
    tr.append(last);
    body.append(tr);
  }
  table.replaceChildren(...(caption ? [caption] : []), head, body);
}

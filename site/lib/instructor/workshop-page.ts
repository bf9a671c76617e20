/**
 * The workshop page (`/formateur/atelier/?id=…`): join code (projector mode), the live learners × exercises
 * grid refreshed on each workshop event (debounced), links to each learner's detail, the CSV export.
 */
import { type Grid, InstructorClient } from '../api/instructor-client';
import { openEventStream, type StreamState } from '../api/sse';
import { cellView, rowTotals, sandboxLabel, sortedRows, formatJoinCode } from './grid-view';
import { joinPageUrl, learnerPageUrl } from './links';
import { formatPoints } from '../exercises/exercise-view';

const LIVE: Record<StreamState, string> = {
  connecting: 'connexion…',
  live: 'en direct',
  retrying: 'reconnexion…',
  unavailable: 'hors ligne',
};

/** REFRESH_DEBOUNCE_MS groups a burst of events (a whole class checking at once) into one grid fetch. */
const REFRESH_DEBOUNCE_MS = 300;

export function startWorkshopPage(doc: Document): void {
  const client = new InstructorClient((url, init) => fetch(url, init));
  const $ = <T extends HTMLElement>(selector: string): T => doc.querySelector<T>(selector)!;
  const id = new URLSearchParams(window.location.search).get('id') ?? '';
  const error = $('[data-error]');
  if (!id) {
    error.textContent = 'Aucun atelier indiqué dans l’adresse : revenez à la liste des ateliers.';
    return;
  }
  $<HTMLAnchorElement>('[data-csv]').href = client.csvUrl(id);

  void client.roster(id).then((result) => {
    if (!result.ok) {
      error.textContent =
        result.status === 401
          ? 'Session formateur absente ou expirée : reconnectez-vous depuis l’espace formateur.'
          : result.message;
      return;
    }
    const { workshop } = result.value;
    doc.title = `${workshop.title} · Atelier Kubernetes`;
    $('[data-title]').textContent = workshop.title;
    $('[data-code]').textContent = formatJoinCode(workshop.code);
    $('[data-code]').setAttribute('aria-label', `Code : ${workshop.code.split('').join(' ')}`);
    $('[data-join-url]').textContent = joinPageUrl(window.location.origin, '').replace(/\?code=$/, '');
  });

  const projector = $<HTMLButtonElement>('[data-projector]');
  projector.addEventListener('click', () => {
    const join = $('[data-join]');
    const on = join.dataset.projector !== 'true';
    join.dataset.projector = String(on);
    projector.setAttribute('aria-pressed', String(on));
    projector.textContent = on ? 'Quitter le mode projecteur' : 'Mode projecteur';
    if (on && join.requestFullscreen) void join.requestFullscreen().catch(() => undefined);
    else if (!on && doc.fullscreenElement) void doc.exitFullscreen();
  });
  doc.addEventListener('fullscreenchange', () => {
    if (!doc.fullscreenElement && $('[data-join]').dataset.projector === 'true') projector.click();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = async (): Promise<void> => {
    const result = await client.grid(id);
    if (!result.ok) {
      $('[data-grid-summary]').textContent = result.message;
      return;
    }
    renderGrid(doc, $('[data-grid]'), result.value, id);
    const passed = result.value.rows.reduce(
      (sum, row) =>
        sum +
        rowTotals(
          row,
          result.value.exercises.map((e) => e.id),
        ).passed,
      0,
    );
    $('[data-grid-summary]').textContent =
      `${result.value.rows.length} apprenant${result.value.rows.length > 1 ? 's' : ''} · ` +
      `${passed} exercice${passed > 1 ? 's' : ''} réussi${passed > 1 ? 's' : ''} au total`;
  };
  const scheduleRefresh = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  };
  void refresh();
  openEventStream({
    fetchFn: (url, init) => fetch(url, init),
    url: client.eventsUrl(id),
    onState: (state) => {
      const live = $('[data-live]');
      live.textContent = LIVE[state];
      live.dataset.state = state;
      // After a reconnection, events may have been missed: read the grid again.
      if (state === 'live') scheduleRefresh();
    },
    onEvent: (event) => {
      if (['member-joined', 'sandbox', 'progress'].includes(event.event)) scheduleRefresh();
    },
  });
}

/** renderGrid draws the table: a row per learner (name links to the detail), a column per exercise. */
function renderGrid(doc: Document, table: HTMLElement, grid: Grid, workshopId: string): void {
  const caption = table.querySelector('caption');
  const head = doc.createElement('thead');
  const headRow = doc.createElement('tr');
  const th = (text: string, scope: 'col' | 'row', title?: string): HTMLTableCellElement => {
    const cell = doc.createElement('th');
    cell.scope = scope;
    cell.textContent = text;
    if (title) cell.title = title;
    return cell;
  };
  headRow.append(th('Apprenant', 'col'), th('Sandbox', 'col'));
  for (const exercise of grid.exercises) headRow.append(th(exercise.title, 'col', exercise.id));
  headRow.append(th('Total', 'col'));
  head.append(headRow);

  const body = doc.createElement('tbody');
  const ids = grid.exercises.map((e) => e.id);
  const rows = sortedRows(grid);
  if (rows.length === 0) {
    const tr = doc.createElement('tr');
    const td = doc.createElement('td');
    td.colSpan = ids.length + 3;
    td.textContent = 'Personne n’a encore rejoint l’atelier.';
    tr.append(td);
    body.append(tr);
  }
  for (const row of rows) {
    const tr = doc.createElement('tr');
    tr.dataset.learner = row.learnerId;
    const name = th('', 'row');
    const link = doc.createElement('a');
    link.href = learnerPageUrl(workshopId, row.learnerId);
    link.textContent = row.displayName;
    name.append(link);
    const sandbox = doc.createElement('td');
    sandbox.textContent = sandboxLabel(row.sandboxState);
    sandbox.dataset.state = row.sandboxState ?? 'none';
    tr.append(name, sandbox);
    for (const exercise of grid.exercises) {
      const view = cellView(row.exercises[exercise.id]);
      const td = doc.createElement('td');
      td.className = 'cell';
      td.dataset.status = view.status;
      td.dataset.exercise = exercise.id;
      td.title = `${exercise.title} : ${view.label}`;
      const mark = doc.createElement('span');
      mark.setAttribute('aria-hidden', 'true');
      mark.textContent = `${view.mark} ${view.text}`.trim();
      const label = doc.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = view.label;
      td.append(mark, label);
      tr.append(td);
    }
    const totals = rowTotals(row, ids);
    const total = doc.createElement('td');
    total.textContent = `${totals.passed}/${ids.length} · ${formatPoints(totals.score)} pts`;
    tr.append(total);
    body.append(tr);
  }
  table.replaceChildren(...(caption ? [caption] : []), head, body);
}

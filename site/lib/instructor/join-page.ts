/** The learner's join page: code + display name → `POST /api/join`, then a link to the course. */
import { InstructorClient } from '../api/instructor-client';

/** normalizeCode removes the spaces a learner copies from the projector and upper-cases the code. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

export function startJoinPage(doc: Document): void {
  const client = new InstructorClient((url, init) => fetch(url, init));
  const $ = <T extends HTMLElement>(selector: string): T => doc.querySelector<T>(selector)!;
  const code = $<HTMLInputElement>('#code');
  const name = $<HTMLInputElement>('#display-name');
  const prefilled = new URLSearchParams(window.location.search).get('code');
  if (prefilled) {
    code.value = normalizeCode(prefilled);
    name.focus();
  }
  const saved = localStorage.getItem('atelier-display-name');
  if (saved && !name.value) name.value = saved;

  $<HTMLFormElement>('[data-join-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    const error = $('[data-join-error]');
    error.textContent = '';
    void client.join(normalizeCode(code.value), name.value.trim()).then((result) => {
      if (!result.ok) {
        error.textContent = result.message;
        return;
      }
      localStorage.setItem('atelier-display-name', result.value.displayName);
      $<HTMLFormElement>('[data-join-form]').hidden = true;
      const joined = $('[data-joined]');
      joined.hidden = false;
      $('[data-joined-text]').textContent =
        `Vous avez rejoint « ${result.value.title} » sous le nom ${result.value.displayName}. ` +
        'Votre formateur suit votre progression : chaque « Vérifier » d’un exercice apparaît dans sa grille.';
      joined.focus();
    });
  });
}

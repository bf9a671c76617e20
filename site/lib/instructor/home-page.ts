/**
 * The instructor home page (`/formateur/`): session check, sign-in, sign-out, the workshop list and the
 * creation form. A created workshop opens its page (join code and live grid).
 */
import { InstructorClient } from '../api/instructor-client';
import { workshopPageUrl } from './links';

export function startInstructorHome(doc: Document): void {
  const client = new InstructorClient((url, init) => fetch(url, init));
  const $ = <T extends HTMLElement>(selector: string): T => doc.querySelector<T>(selector)!;
  const state = $('[data-session-state]');
  const signin = $('[data-signin]');
  const workshops = $('[data-workshops]');

  const showWorkshops = async (): Promise<void> => {
    signin.hidden = true;
    workshops.hidden = false;
    state.textContent = 'Connecté en tant que formateur.';
    const list = $('[data-workshop-list]');
    const result = await client.workshops();
    if (!result.ok) {
      list.replaceChildren(item(result.message));
      return;
    }
    if (result.value.length === 0) {
      list.replaceChildren(item('Aucun atelier pour l’instant : créez le premier ci-dessus.'));
      return;
    }
    list.replaceChildren(
      ...[...result.value]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((w) => {
          const li = doc.createElement('li');
          const a = doc.createElement('a');
          a.href = workshopPageUrl(w.id);
          a.textContent = w.title;
          const meta = doc.createElement('span');
          meta.className = 'muted';
          meta.textContent = ` — code ${w.code} · créé le ${new Date(w.createdAt).toLocaleString('fr-FR')}`;
          li.append(a, meta);
          return li;
        }),
    );
  };
  const showSignin = (message?: string): void => {
    workshops.hidden = true;
    signin.hidden = false;
    state.textContent = message ?? 'Vous n’êtes pas connecté.';
    $<HTMLInputElement>('#token').focus();
  };

  $<HTMLFormElement>('[data-signin-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('#token');
    const error = $('[data-signin-error]');
    error.textContent = '';
    void client.signIn(input.value.trim()).then((result) => {
      input.value = '';
      if (result.ok) void showWorkshops();
      else error.textContent = result.status === 401 ? 'Jeton formateur incorrect.' : result.message;
    });
  });
  $('[data-signout]').addEventListener('click', () => {
    void client.signOut().then(() => showSignin('Vous êtes déconnecté.'));
  });
  $<HTMLFormElement>('[data-create-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('#workshop-title');
    const error = $('[data-create-error]');
    error.textContent = '';
    void client.create(input.value.trim()).then((result) => {
      if (result.ok) window.location.assign(workshopPageUrl(result.value.id));
      else error.textContent = result.message;
    });
  });

  void client.session().then((result) => {
    if (!result.ok) state.textContent = result.message;
    else if (result.value) void showWorkshops();
    else showSignin();
  });

  function item(text: string): HTMLElement {
    const li = doc.createElement('li');
    li.textContent = text;
    return li;
  }
}

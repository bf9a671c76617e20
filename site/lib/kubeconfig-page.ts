/**
 * The kubeconfig page's download link: the learner's sandbox comes from `POST /api/sandboxes` (the learner
 * cookie identifies them), then the link points at `GET /api/sandboxes/:id/kubeconfig`. A server without
 * HTTPS answers 409 with a French explanation, shown instead of the link.
 */
import { parseSandboxJson } from './api/contract';
import { requestJson } from './api/http';

export function startKubeconfigPage(doc: Document): void {
  const state = doc.querySelector<HTMLElement>('[data-kubeconfig-state]')!;
  const link = doc.querySelector<HTMLAnchorElement>('[data-kubeconfig-link]')!;
  const fetchFn = (url: string, init?: RequestInit): Promise<Response> => fetch(url, init);
  void (async () => {
    const sandbox = await requestJson(fetchFn, '/api/sandboxes', { method: 'POST' }, parseSandboxJson);
    if (!sandbox.ok) {
      state.textContent = `Impossible d’obtenir votre sandbox : ${sandbox.message}`;
      return;
    }
    const url = `/api/sandboxes/${encodeURIComponent(sandbox.value.id)}/kubeconfig`;
    // Why a HEAD-like probe first: a server without HTTPS refuses with a French reason worth showing.
    const probe = await fetchFn(url, { credentials: 'same-origin' }).catch(() => undefined);
    if (!probe) {
      state.textContent = 'Le serveur ne répond pas : vérifiez la connexion.';
      return;
    }
    if (!probe.ok) {
      const body = (await probe.json().catch(() => ({}))) as { message?: unknown };
      state.textContent =
        typeof body.message === 'string' ? body.message : `Téléchargement impossible (HTTP ${probe.status}).`;
      return;
    }
    const blob = await probe.blob();
    link.href = URL.createObjectURL(blob);
    link.download = `atelier-${sandbox.value.id}.kubeconfig`;
    link.hidden = false;
    state.textContent = `Votre sandbox : ${sandbox.value.id} (contexte atelier-${sandbox.value.id}).`;
  })();
}

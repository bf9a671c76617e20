/**
 * The service proxy's own pages: French explanations when a request cannot reach the learner's
 * application (no endpoint, nothing listening, policy, bad address), as small self-contained HTML.
 */

/** escapeHtml makes text safe inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** errorPage is the HTML of a refusal: a title, the explanation and what to check. */
export function errorPage(title: string, explanation: string, hints: string[] = []): string {
  const list = hints.length ? `<ul>${hints.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1{font-size:1.4rem}code{background:#f2f2f2;padding:0 .2rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(explanation)}</p>${list}</body>
</html>
`;
}

/** NETWORK_PAGES explain the cluster network's failures, by NetworkError code. */
export const NETWORK_PAGES: Record<
  string,
  { status: 502 | 504; title: string; text: string; hints: string[] }
> = {
  ECONNREFUSED: {
    status: 502,
    title: 'Connexion refusée',
    text: "La connexion a été refusée : le Service n'a aucun Pod prêt derrière lui, ou rien n'écoute sur le port visé dans le Pod.",
    hints: [
      'kubectl get endpoints <service> : la liste des adresses est-elle vide ?',
      'Le targetPort du Service correspond-il au port sur lequel le conteneur écoute ?',
      'kubectl get pods : les Pods sont-ils Running et READY ?',
    ],
  },
  ETIMEDOUT: {
    status: 504,
    title: 'Délai dépassé',
    text: "Personne n'a répondu à temps : aucun Service n'expose ce port à cette adresse, une NetworkPolicy bloque le trafic, ou l'application ne répond pas.",
    hints: [
      'kubectl get svc : le NodePort ou l’EXTERNAL-IP est-il bien celui de l’adresse ?',
      'kubectl get networkpolicy -A : une politique refuse-t-elle ce trafic ?',
    ],
  },
  EHOSTUNREACH: {
    status: 502,
    title: 'Réponse inutilisable',
    text: "L'application a répondu, mais sa réponse n'a pas pu être relayée (trop volumineuse ou interrompue).",
    hints: ['Le proxy relaie des réponses de 8 Mio au plus.'],
  },
};

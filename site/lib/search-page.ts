/**
 * The search page: reads `?q=`, loads Pagefind's browser API (/pagefind/pagefind.js, written by the build)
 * and lists the matching lessons with their highlighted excerpt.
 */

interface PagefindResult {
  data: () => Promise<{ url: string; excerpt: string; meta: { title?: string } }>;
}
interface Pagefind {
  options: (o: Record<string, unknown>) => Promise<void>;
  search: (q: string) => Promise<{ results: PagefindResult[] }>;
}

/** MAX_RESULTS keeps the page short; Pagefind ranks the best first. */
const MAX_RESULTS = 20;

export function startSearchPage(doc: Document): void {
  const query = (new URLSearchParams(window.location.search).get('q') ?? '').trim();
  const state = doc.querySelector<HTMLElement>('[data-search-state]')!;
  const list = doc.querySelector<HTMLElement>('[data-search-results]')!;
  const input = doc.querySelector<HTMLInputElement>('#q')!;
  input.value = query;
  if (!query) {
    state.textContent = 'Saisissez un ou plusieurs mots, par exemple « Service » ou « taint ».';
    input.focus();
    return;
  }
  state.textContent = 'Recherche…';
  void (async () => {
    let pagefind: Pagefind;
    try {
      const url = '/pagefind/pagefind.js';
      pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
      await pagefind.options({ excerptLength: 24 });
    } catch {
      state.textContent =
        'L’index de recherche est absent : il est construit par « npm run build:site » (astro build).';
      return;
    }
    const { results } = await pagefind.search(query);
    const data = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
    state.textContent =
      results.length === 0
        ? `Aucune leçon ne contient « ${query} ».`
        : `${results.length} leçon${results.length > 1 ? 's' : ''} pour « ${query} ».`;
    list.replaceChildren(
      ...data.map((d) => {
        const li = doc.createElement('li');
        const a = doc.createElement('a');
        a.href = d.url;
        a.textContent = (d.meta.title ?? d.url).replace(/ · Atelier Kubernetes$/, '');
        const excerpt = doc.createElement('p');
        // Pagefind's excerpt is text from our own lessons, escaped by Pagefind, with <mark> around matches.
        excerpt.innerHTML = d.excerpt;
        li.append(a, excerpt);
        return li;
      }),
    );
  })();
}

/**
 * requestJson: one call to the platform API with a French error for every failure (the server's own
 * `{ error, message }` when it gives one). The fetch function is injected so tests can record payloads.
 */

/** FetchLike is the part of `fetch` the clients use. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** ApiResult is either the parsed value or a French message explaining the failure. */
export type ApiResult<T> =
  { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

const STATUS_MESSAGES: Record<number, string> = {
  401: 'Vous n’êtes pas identifié : rechargez la page.',
  403: 'Cette action ne vous est pas permise.',
  404: 'Introuvable sur le serveur.',
  409: 'Action impossible dans l’état actuel de la sandbox.',
  429: 'Trop de requêtes : patientez quelques secondes.',
  503: 'Le serveur est saturé ou la fonction est désactivée.',
};

/** requestJson sends the request and parses a JSON answer (204 gives `undefined` to `parse`). */
export async function requestJson<T>(
  fetchFn: FetchLike,
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> },
  parse: (value: unknown) => T | undefined,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      code: 'network',
      message: 'Le serveur ne répond pas : vérifiez la connexion.',
    };
  }
  let body: unknown;
  if (response.status !== 204) {
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    const server = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    return {
      ok: false,
      status: response.status,
      code: typeof server.error === 'string' ? server.error : `http_${response.status}`,
      message:
        typeof server.message === 'string'
          ? server.message
          : (STATUS_MESSAGES[response.status] ?? `Erreur du serveur (HTTP ${response.status}).`),
    };
  }
  const value = parse(body);
  if (value === undefined)
    return {
      ok: false,
      status: response.status,
      code: 'bad_payload',
      message: 'Réponse inattendue du serveur : rechargez la page.',
    };
  return { ok: true, value };
}

/** segment encodes one path segment. */
export const segment = (s: string): string => encodeURIComponent(s);

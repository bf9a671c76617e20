/** URLs of the instructor and learner pages (static pages: the ids travel in the query string). */

export function workshopPageUrl(workshopId: string): string {
  return `/formateur/atelier/?${new URLSearchParams({ id: workshopId })}`;
}

export function learnerPageUrl(workshopId: string, learnerId: string): string {
  return `/formateur/apprenant/?${new URLSearchParams({ atelier: workshopId, apprenant: learnerId })}`;
}

export function joinPageUrl(origin: string, code: string): string {
  return `${origin}/rejoindre/?${new URLSearchParams({ code })}`;
}

/** wsUrl turns a same-origin path into a ws:/wss: URL. */
export function wsUrl(location: { protocol: string; host: string }, path: string): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

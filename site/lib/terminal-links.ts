/**
 * Platform links in the terminal's output: `kubectl port-forward` prints a path of the platform
 * (`/api/sandboxes/<id>/port-forward/<namespace>/<pod>/<port>/`), and the service proxy's paths
 * (`/s/<sandbox>/nodeport/<port>/`, `/s/<sandbox>/lb/<ip>/<port>/`, `/s/<sandbox>/ingress/<host>/`) may be typed or
 * printed too. platformLinks finds them in one line of the screen so the terminal can open them on a click.
 */

/** PlatformLink is one path found in a line: its columns (0-based, end exclusive) and the path itself. */
export interface PlatformLink {
  start: number;
  end: number;
  path: string;
}

const LINK = /\/(?:api\/sandboxes\/[\w-]+\/port-forward|s\/[\w-]+\/(?:nodeport|lb|ingress))\/[^\s'"<>`]*/g;

/** platformLinks lists the platform paths of a line of text, trailing punctuation left out. */
export function platformLinks(line: string): PlatformLink[] {
  const links: PlatformLink[] = [];
  for (const match of line.matchAll(LINK)) {
    // A sentence may end right after the path: « … ouvrez /s/ab/nodeport/30080/. »
    const path = match[0].replace(/[.,;:!?)\]»]+$/, '');
    links.push({ start: match.index, end: match.index + path.length, path });
  }
  return links;
}

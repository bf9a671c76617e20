/**
 * ClusterMap: the lab's « Cluster » tab. It follows the sandbox's cluster snapshot stream
 * (`GET /api/sandboxes/:id/cluster/events`) and draws, with d3, one column per node with its pods coloured by
 * status and grouped by workload, the Services linked to the pods they select, and the volumes. Hovering or
 * focusing a pod (Tab, arrows) shows its scheduling explanation. A textual list under the drawing is the
 * screen-reader equivalent. Loaded with a dynamic import when the tab first opens (d3 comes with it).
 */
// Why the `d3` package and not d3-selection: it is the declared dependency; Vite keeps only what is used.
// Using `transition` keeps d3-transition, which registers `selection.transition()`.
import { select, type Selection, transition } from 'd3';
import { type ClusterSnapshot, parseClusterSnapshot, parseSandboxJson, type Sandbox } from '../api/contract';
import { openEventStream, type StreamState } from '../api/sse';
import { buildMapModel, layoutMap, type MapModel, type PodBox, STATUS_LABELS } from './map-model';

export interface ClusterMapOptions {
  host: HTMLElement;
  sandboxId: string;
  /** onSandbox receives the sandbox state changes carried by the same stream. */
  onSandbox: (sandbox: Sandbox) => void;
}

const STREAM_LABELS: Record<StreamState, string> = {
  connecting: 'connexion…',
  live: 'en direct',
  retrying: 'reconnexion…',
  unavailable: 'indisponible',
};

/** STATUS_MARKS doubles the colour with a shape, so status never depends on colour alone. */
const STATUS_MARKS: Record<string, string> = {
  running: '●',
  'not-ready': '◐',
  pending: '◌',
  crashloop: '↻',
  error: '✗',
  succeeded: '✓',
  terminating: '⌫',
  unknown: '?',
};

export class ClusterMap {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly tooltip: HTMLElement;
  private readonly textual: HTMLElement;
  private readonly state: HTMLElement;
  private readonly close: () => void;
  private last: ClusterSnapshot | undefined;

  constructor(private readonly options: ClusterMapOptions) {
    const { host } = options;
    host.innerHTML = `
      <p class="cluster-head">
        <span>Carte du cluster <span class="live-state" data-stream>connexion…</span></span>
        <span class="legend" aria-hidden="true">${Object.entries(STATUS_LABELS)
          .map(
            ([k, label]) =>
              `<span class="legend-item" data-status="${k}">${STATUS_MARKS[k]} ${label.split(' (')[0]}</span>`,
          )
          .join('')}</span>
      </p>
      <div class="cluster-canvas"><svg role="group" aria-label="Carte du cluster : nœuds, Pods, Services et volumes"></svg>
        <div class="cluster-tooltip" role="status" aria-live="polite" hidden></div></div>
      <details class="cluster-text" open><summary>Vue textuelle du cluster</summary><div data-text></div></details>`;
    this.svg = select(host.querySelector('svg')!);
    this.tooltip = host.querySelector('.cluster-tooltip')!;
    this.textual = host.querySelector('[data-text]')!;
    this.state = host.querySelector('[data-stream]')!;
    this.svg.append('g').attr('class', 'links');
    this.svg.append('g').attr('class', 'services');
    this.svg.append('g').attr('class', 'columns');
    this.svg.append('g').attr('class', 'groups');
    this.svg.append('g').attr('class', 'pods');
    this.svg.append('g').attr('class', 'volumes');
    let width = 0;
    new ResizeObserver(([entry]) => {
      const next = Math.round(entry?.contentRect.width ?? 0);
      if (next === width) return;
      width = next;
      if (this.last) this.render(this.last);
    }).observe(host);
    this.close = openEventStream({
      fetchFn: (url, init) => fetch(url, init),
      url: `/api/sandboxes/${encodeURIComponent(options.sandboxId)}/cluster/events`,
      onState: (state) => {
        this.state.textContent = STREAM_LABELS[state];
        this.state.dataset.state = state;
      },
      onEvent: (event) => {
        let value: unknown;
        try {
          value = JSON.parse(event.data);
        } catch {
          return;
        }
        if (event.event === 'snapshot') {
          const snapshot = parseClusterSnapshot(value);
          if (snapshot) this.render(snapshot);
        } else if (event.event === 'sandbox') {
          const sandbox = parseSandboxJson(value);
          if (sandbox) options.onSandbox(sandbox);
        }
      },
    });
  }

  /** dispose stops following the cluster. */
  dispose(): void {
    this.close();
  }

  /** render draws a snapshot (keyed joins: pods that stay keep their element and move smoothly). */
  render(snapshot: ClusterSnapshot): void {
    const model = buildMapModel(snapshot);
    const available = Math.max(0, (this.svg.node()?.parentElement?.clientWidth ?? 0) - 4);
    // The layout fits the pane (fewer columns, smaller nodes when narrow); only below the narrowest
    // column (128 units) does the drawing scale down.
    const layout = layoutMap(model, available > 0 ? available : undefined);
    this.last = snapshot;
    const natural = layout.width + 4;
    const scale = available > 0 && available + 4 < natural ? (available + 4) / natural : 1;
    const { chars } = layout;
    this.svg
      .attr('data-density', layout.density)
      .attr('viewBox', `-2 -2 ${natural} ${layout.height + 4}`)
      .attr('width', natural * scale)
      .attr('height', (layout.height + 4) * scale);
    const duration = matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 300;
    const fade = transition('map').duration(duration);

    const columns = this.svg
      .select<SVGGElement>('g.columns')
      .selectAll<SVGGElement, (typeof layout.columns)[number]>('g.column')
      .data(layout.columns, (d) => d.column.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'column');
        g.append('rect').attr('rx', 8);
        g.append('text').attr('class', 'column-title');
        g.append('text').attr('class', 'column-subtitle');
        return g;
      });
    columns.attr('data-unscheduled', (d) => String(d.column.node === null));
    columns
      .select('rect')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.width)
      .attr('height', (d) => d.height);
    columns
      .select('.column-title')
      .attr('x', (d) => d.x + 10)
      .attr('y', (d) => d.y + 20)
      .text((d) => truncate(d.column.title, chars.column));
    columns
      .select('.column-subtitle')
      .attr('x', (d) => d.x + 10)
      .attr('y', (d) => d.y + 38)
      .text((d) => truncate(d.column.subtitle, chars.column + 2));

    const groups = this.svg
      .select<SVGGElement>('g.groups')
      .selectAll<SVGGElement, (typeof layout.groups)[number]>('g.group')
      .data(layout.groups, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'group');
        g.append('rect').attr('rx', 6);
        g.append('text');
        return g;
      });
    groups
      .select('rect')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.width)
      .attr('height', (d) => d.height);
    groups
      .select('text')
      .attr('x', (d) => d.x + 6)
      .attr('y', (d) => d.y + 15)
      .text((d) => truncate(d.label, chars.group));

    const pods = this.svg
      .select<SVGGElement>('g.pods')
      .selectAll<SVGGElement, PodBox>('g.pod')
      .data(layout.pods, (d) => d.pod.key)
      .join(
        (enter) => {
          const g = enter
            .append('g')
            .attr('class', 'pod')
            .attr('tabindex', 0)
            .attr('role', 'img')
            .attr('transform', (d) => `translate(${d.x},${d.y})`)
            .style('opacity', 0);
          g.append('rect').attr('rx', 4);
          g.append('text').attr('class', 'pod-mark');
          g.append('text').attr('class', 'pod-name');
          g.on('mouseenter focus', (event: Event, d) =>
            this.showTooltip(event.currentTarget as SVGGElement, d),
          );
          g.on('mouseleave blur', () => this.hideTooltip());
          g.on('keydown', (event: KeyboardEvent) => this.movePodFocus(event));
          return g;
        },
        (update) => update,
        (exit) => exit.transition(fade).style('opacity', 0).remove(),
      );
    pods
      .attr('data-status', (d) => d.pod.status)
      .attr('data-pod', (d) => d.pod.key)
      .attr('aria-label', (d) => `Pod ${d.pod.name} : ${d.pod.statusLabel}`)
      .transition(fade)
      .style('opacity', 1)
      .attr('transform', (d) => `translate(${d.x},${d.y})`);
    pods
      .select('rect')
      .attr('width', (d) => d.width)
      .attr('height', (d) => d.height);
    pods
      .select('.pod-mark')
      .attr('x', 8)
      .attr('y', (d) => d.height / 2 + 5)
      .text((d) => STATUS_MARKS[d.pod.status] ?? '?');
    pods
      .select('.pod-name')
      .attr('x', 24)
      .attr('y', (d) => d.height / 2 + 5)
      .text((d) => truncate(d.pod.name, chars.pod));

    const services = this.svg
      .select<SVGGElement>('g.services')
      .selectAll<SVGGElement, (typeof layout.services)[number]>('g.service')
      .data(layout.services, (d) => d.service.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'service');
        g.append('rect').attr('rx', 16);
        g.append('text').attr('class', 'service-name');
        g.append('text').attr('class', 'service-detail');
        return g;
      });
    services
      .select('rect')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.width)
      .attr('height', (d) => d.height);
    services
      .select('.service-name')
      .attr('x', (d) => d.x + 12)
      .attr('y', (d) => d.y + Math.round(d.height * 0.42))
      .text((d) => `Service ${truncate(d.service.name, chars.service - 8)}`);
    services
      .select('.service-detail')
      .attr('x', (d) => d.x + 12)
      .attr('y', (d) => d.y + d.height - 10)
      .text((d) =>
        truncate(
          `${d.service.type} · ${d.service.readyEndpoints} endpoint${d.service.readyEndpoints > 1 ? 's' : ''}`,
          chars.service + 2,
        ),
      );

    this.svg
      .select<SVGGElement>('g.links')
      .selectAll<SVGPathElement, (typeof layout.links)[number]>('path')
      .data(layout.links, (d) => d.key)
      .join('path')
      .attr('d', (d) => {
        const midY = (d.from.y + d.to.y) / 2;
        return `M${d.from.x},${d.from.y} C${d.from.x},${midY} ${d.to.x},${midY} ${d.to.x},${d.to.y}`;
      });

    const volumes = this.svg
      .select<SVGGElement>('g.volumes')
      .selectAll<SVGGElement, (typeof layout.volumes)[number]>('g.volume')
      .data(layout.volumes, (d) => `${d.volume.kind}/${d.volume.namespace ?? ''}/${d.volume.name}`)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'volume');
        g.append('rect').attr('rx', 4);
        g.append('text');
        return g;
      });
    volumes.attr('data-phase', (d) => d.volume.phase);
    volumes
      .select('rect')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.width)
      .attr('height', 32);
    volumes
      .select('text')
      .attr('x', (d) => d.x + 8)
      .attr('y', (d) => d.y + 20)
      .text(
        (d) =>
          `${d.volume.kind === 'PersistentVolume' ? 'PV' : 'PVC'} ${truncate(d.volume.name, chars.volume - 4 - d.volume.phase.length - 3)} · ${d.volume.phase}`,
      );

    this.renderText(model);
  }

  private showTooltip(element: SVGGElement, box: PodBox): void {
    const { pod } = box;
    this.tooltip.hidden = false;
    this.tooltip.innerHTML = '';
    const title = document.createElement('strong');
    title.textContent = `${pod.namespace}/${pod.name}`;
    const status = document.createElement('span');
    status.textContent = `${pod.statusLabel}${pod.reason && !pod.statusLabel.includes(pod.reason) ? ` — ${pod.reason}` : ''}`;
    const scheduling = document.createElement('span');
    scheduling.textContent = pod.scheduling
      ? `Ordonnancement : ${pod.scheduling}`
      : 'Ordonnancement : pas de décision enregistrée.';
    this.tooltip.append(title, status, scheduling);
    const canvas = this.tooltip.parentElement!.getBoundingClientRect();
    const rect = element.getBoundingClientRect();
    this.tooltip.style.left = `${Math.max(0, rect.left - canvas.left)}px`;
    this.tooltip.style.top = `${rect.bottom - canvas.top + 4}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }

  /** movePodFocus: arrow keys move between pods in reading order; Escape hides the explanation. */
  private movePodFocus(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      this.hideTooltip();
      return;
    }
    const delta =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? 1
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? -1
          : 0;
    if (delta === 0) return;
    event.preventDefault();
    const all = [...this.options.host.querySelectorAll<SVGGElement>('g.pod')];
    const i = all.indexOf(event.currentTarget as SVGGElement);
    all[(i + delta + all.length) % all.length]?.focus();
  }

  /** renderText writes the screen-reader equivalent: nodes and their pods, Services, workloads, volumes. */
  private renderText(model: MapModel): void {
    const doc = document;
    const root = doc.createElement('div');
    const h = (level: number, text: string): HTMLElement => {
      const el = doc.createElement(`h${level}`);
      el.textContent = text;
      return el;
    };
    const ul = (items: string[]): HTMLElement => {
      const list = doc.createElement('ul');
      for (const item of items) {
        const li = doc.createElement('li');
        li.textContent = item;
        list.append(li);
      }
      return list;
    };
    root.append(h(3, `Nœuds (${model.columns.filter((c) => c.node).length}) et Pods (${model.podCount})`));
    for (const column of model.columns) {
      root.append(h(4, `${column.title} — ${column.subtitle}`));
      const pods = column.groups.flatMap((g) =>
        g.pods.map(
          (p) =>
            `${p.namespace}/${p.name} : ${p.statusLabel}${g.key ? ` (${g.label})` : ''}${p.scheduling ? `. Ordonnancement : ${p.scheduling}` : ''}`,
        ),
      );
      root.append(pods.length > 0 ? ul(pods) : ul(['Aucun Pod']));
    }
    if (model.workloads.length > 0) {
      root.append(h(3, 'Charges de travail'));
      root.append(ul(model.workloads.map((w) => `${w.key} : ${w.readyReplicas}/${w.replicas} prêts`)));
    }
    if (model.services.length > 0) {
      root.append(h(3, 'Services'));
      root.append(
        ul(
          model.services.map(
            (s) =>
              `${s.key} (${s.type}, ${s.clusterIP || 'sans IP'}) → ${
                s.podKeys.length > 0 ? s.podKeys.join(', ') : 'aucun Pod sélectionné'
              }`,
          ),
        ),
      );
    }
    if (model.volumes.length > 0) {
      root.append(h(3, 'Volumes'));
      root.append(
        ul(
          model.volumes.map(
            (v) =>
              `${v.kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name} : ${v.phase}${v.boundTo ? `, lié à ${v.boundTo}` : ''}`,
          ),
        ),
      );
    }
    this.textual.replaceChildren(root);
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

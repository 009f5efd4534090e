/**
 * The event flow as a Mermaid diagram — services as nodes, topics as edges labelled with their event
 * types — drawn from the same catalogue as the AsyncAPI document and kept in docs/architecture.md
 * between two markers, so the picture changes when the catalogue does.
 */
import { EXTERNAL, topicFlows } from './topic-flows';

export const EVENT_FLOW_START = '<!-- event-flow:start -->';
export const EVENT_FLOW_END = '<!-- event-flow:end -->';

/** Stands for whoever writes or reads a topic outside Rebound: the commerce platform, partners, sales channels. */
const OUTSIDE_NODE = 'outside';

function nodeId(service: string): string {
  return service === EXTERNAL
    ? OUTSIDE_NODE
    : service.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

export function eventFlowDiagram(): string {
  const flows = topicFlows().filter((flow) => !flow.deadLetter);
  const services = [...new Set(flows.flatMap((flow) => [flow.producer, ...flow.consumers]))].filter(
    (service) => service !== EXTERNAL,
  );
  const nodes = [
    ...services.map((service) => `  ${nodeId(service)}["${service}"]`),
    `  ${OUTSIDE_NODE}(["outside Rebound"])`,
  ];
  const edges = flows.flatMap((flow) => {
    const label = `"${flow.address}<br/>${flow.events.map((eventClass) => eventClass.eventType).join(', ')}"`;
    const readers = flow.consumers.length > 0 ? flow.consumers : [EXTERNAL];
    return readers.map((reader) => `  ${nodeId(flow.producer)} -->|${label}| ${nodeId(reader)}`);
  });
  return ['```mermaid', 'flowchart LR', ...nodes, ...edges, '```'].join('\n');
}

/** What goes between the markers. */
export function eventFlowSection(): string {
  return [
    'Generated from the topic and service catalogues (`libs/contracts`) by `npx nx run contracts:asyncapi`; edit those, not this diagram.',
    'Dead-letter topics are left out: each service writes what its consumers could not process to its own.',
    '',
    eventFlowDiagram(),
  ].join('\n');
}

/** The page with the section between the markers replaced; the markers must be there. */
export function withEventFlow(markdown: string, section: string = eventFlowSection()): string {
  const start = markdown.indexOf(EVENT_FLOW_START);
  const end = markdown.indexOf(EVENT_FLOW_END);
  if (start < 0 || end < start) {
    throw new Error(`missing-event-flow-markers: the page needs ${EVENT_FLOW_START} followed by ${EVENT_FLOW_END}`);
  }
  return `${markdown.slice(0, start)}${EVENT_FLOW_START}\n\n${section}\n\n${markdown.slice(end)}`;
}

/** The section currently between the markers, or undefined when the page has none. */
export function eventFlowSectionOf(markdown: string): string | undefined {
  const start = markdown.indexOf(EVENT_FLOW_START);
  const end = markdown.indexOf(EVENT_FLOW_END);
  if (start < 0 || end < start) return undefined;
  return markdown.slice(start + EVENT_FLOW_START.length, end).trim();
}

/**
 * The side panel: the clicked Service's or Pod's details, or nothing.
 */
import { useSelection } from '../store/selection.js';
import { PodPanel } from './PodPanel.js';
import { ServicePanel } from './ServicePanel.js';

export function DetailPanel() {
  const s = useSelection();
  if (!s) return null;
  return s.kind === 'Service' ? <ServicePanel key={s.key} serviceKey={s.key} /> : <PodPanel key={s.key} podKey={s.key} />;
}

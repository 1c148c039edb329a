import { useId } from 'react';
import type { Capability } from './types.js';

/** Household capabilities in the order and words the app shows them. */
export const CAPABILITIES: { id: Capability; label: string; hint: string }[] = [
  { id: 'view_live', label: 'View live', hint: 'Watch the cameras live.' },
  { id: 'view_recordings', label: 'View recordings', hint: 'Play back recorded clips.' },
  { id: 'manage_cameras', label: 'Manage cameras', hint: 'Add cameras and change their settings.' },
  { id: 'share_clips', label: 'Share clips', hint: 'Share a clip with neighbours or answer a request.' },
];

/** The words for a capability id. */
export function capabilityLabel(id: string): string {
  return CAPABILITIES.find((c) => c.id === id)?.label ?? id;
}

/** A list of capabilities as text. */
export function CapabilityList({ ids }: { ids: string[] }) {
  if (ids.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="tags">
      {CAPABILITIES.filter((c) => ids.includes(c.id)).map((c) => (
        <li key={c.id} className="tag">
          {c.label}
        </li>
      ))}
    </ul>
  );
}

/** Checkboxes to choose capabilities, in a fieldset with a legend. */
export function CapabilityPicker({
  value,
  onChange,
  legend = 'What they may do',
  error,
}: {
  value: Capability[];
  onChange: (next: Capability[]) => void;
  legend?: string;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <fieldset className="fieldset" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {CAPABILITIES.map((c) => (
        <div className="check" key={c.id}>
          <input
            type="checkbox"
            id={`${id}-${c.id}`}
            checked={value.includes(c.id)}
            aria-describedby={`${id}-${c.id}-hint`}
            onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((v) => v !== c.id))}
          />
          <label htmlFor={`${id}-${c.id}`}>{c.label}</label>
          <span id={`${id}-${c.id}-hint`} className="hint">
            {c.hint}
          </span>
        </div>
      ))}
    </fieldset>
  );
}

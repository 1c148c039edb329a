import { useId, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { Point, Polygon, Zone } from './cameras.js';

/** The three kinds of area drawn on a camera's picture. */
export type ShapeKind = 'zones' | 'masks' | 'privacy';

/** Everything the editor draws: motion zones, motion masks and privacy zones, normalised 0..1. */
export interface Shapes {
  zones: Zone[];
  masks: Polygon[];
  privacy: Polygon[];
}

const KINDS: { id: ShapeKind; label: string; one: string; hint: string }[] = [
  {
    id: 'zones',
    label: 'Motion zones',
    one: 'Zone',
    hint: 'Only motion inside a zone counts (with no zone, the whole picture counts). Untick “Alerts here” for a zone that should record without alerting, such as the pavement.',
  },
  {
    id: 'masks',
    label: 'Masks',
    one: 'Mask',
    hint: 'Motion inside a mask is ignored: a tree that moves in the wind, a busy road.',
  },
  {
    id: 'privacy',
    label: 'Privacy zones',
    one: 'Privacy zone',
    hint: 'Blacked out in stored footage, snapshots and the live picture: a neighbour’s window or garden. Recording this camera then re-encodes its video, which uses more processor time.',
  },
];

/** The most points a shape may have (the server's limit). */
const MAX_POINTS = 64;
/** The most shapes of one kind (the server's limit). */
const MAX_SHAPES = 16;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(clamp(v) * 10_000) / 10_000;
const pct = (v: number) => `${Math.round(v * 100)}%`;

function pointsOf(shapes: Shapes, kind: ShapeKind, index: number): Polygon {
  if (kind === 'zones') return shapes.zones[index]?.points ?? [];
  return (kind === 'masks' ? shapes.masks : shapes.privacy)[index] ?? [];
}

function withPoints(shapes: Shapes, kind: ShapeKind, index: number, points: Polygon): Shapes {
  if (kind === 'zones')
    return { ...shapes, zones: shapes.zones.map((z, i) => (i === index ? { ...z, points } : z)) };
  const list = (kind === 'masks' ? shapes.masks : shapes.privacy).map((p, i) => (i === index ? points : p));
  return kind === 'masks' ? { ...shapes, masks: list } : { ...shapes, privacy: list };
}

function countOf(shapes: Shapes, kind: ShapeKind): number {
  return kind === 'zones'
    ? shapes.zones.length
    : kind === 'masks'
      ? shapes.masks.length
      : shapes.privacy.length;
}

/** The name a shape is shown with. */
export function shapeName(shapes: Shapes, kind: ShapeKind, index: number): string {
  if (kind === 'zones') return shapes.zones[index]?.name || `Zone ${index + 1}`;
  return `${KINDS.find((k) => k.id === kind)!.one} ${index + 1}`;
}

/** Where a new point goes: appended while a shape is still being drawn, else into the nearest edge. */
function insertPoint(points: Polygon, p: Point): Polygon {
  if (points.length < 3) return [...points, p];
  let best = points.length;
  let bestDist = Infinity;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = dx * dx + dy * dy;
    const t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
    const d = (a[0] + t * dx - p[0]) ** 2 + (a[1] + t * dy - p[1]) ** 2;
    if (d < bestDist) {
      bestDist = d;
      best = i + 1;
    }
  }
  return [...points.slice(0, best), p, ...points.slice(best)];
}

/** A point for the "Add point" button (keyboard drawing): the corners of a rectangle, then edge midpoints. */
function nextPoint(points: Polygon): Point {
  const corners: Point[] = [
    [0.3, 0.3],
    [0.7, 0.3],
    [0.7, 0.7],
    [0.3, 0.7],
  ];
  if (points.length < 4 && points.length < corners.length) return corners[points.length]!;
  const a = points[points.length - 1]!;
  const b = points[0]!;
  return [round((a[0] + b[0]) / 2), round((a[1] + b[1]) / 2)];
}

/** Problems that stop the shapes from being saved (the server refuses them too). */
export function shapeProblems(shapes: Shapes): string[] {
  const out: string[] = [];
  for (const kind of KINDS)
    for (let i = 0; i < countOf(shapes, kind.id); i++)
      if (pointsOf(shapes, kind.id, i).length < 3)
        out.push(`${shapeName(shapes, kind.id, i)} needs at least 3 points.`);
  const names = new Set<string>();
  shapes.zones.forEach((z, i) => {
    const name = z.name.trim();
    if (!name) out.push(`Zone ${i + 1} needs a name.`);
    else if (names.has(name.toLowerCase()))
      out.push(`Two zones are called “${name}”; give each its own name.`);
    names.add(name.toLowerCase());
  });
  return out;
}

/**
 * Draw motion zones, masks and privacy zones on a camera's picture. Mouse and touch: click the picture to add a
 * point to the selected shape, drag a point to move it. Keyboard: every point is a button; the arrow keys move it
 * (Shift for bigger steps) and Delete removes it; "Add point" places new points.
 */
export function ZoneEditor({
  picture,
  pictureAlt,
  value,
  onChange,
  onRefreshPicture,
}: {
  picture: string | null;
  pictureAlt: string;
  value: Shapes;
  onChange: (next: Shapes) => void;
  onRefreshPicture?: () => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<ShapeKind>('zones');
  const [selected, setSelected] = useState<number | null>(value.zones.length ? 0 : null);
  const [aspect, setAspect] = useState(16 / 9);
  const [announce, setAnnounce] = useState('');
  const canvas = useRef<HTMLDivElement>(null);
  const dragging = useRef<number | null>(null);

  const count = countOf(value, kind);
  const sel = selected !== null && selected < count ? selected : null;
  const kindInfo = KINDS.find((k) => k.id === kind)!;

  const normalised = (clientX: number, clientY: number): Point | null => {
    const r = canvas.current?.getBoundingClientRect();
    if (!r || r.width === 0 || r.height === 0) return null;
    return [round((clientX - r.left) / r.width), round((clientY - r.top) / r.height)];
  };

  const setPoints = (index: number, points: Polygon) => onChange(withPoints(value, kind, index, points));

  const addShape = () => {
    if (count >= MAX_SHAPES) return;
    const index = count;
    if (kind === 'zones')
      onChange({ ...value, zones: [...value.zones, { name: `Zone ${index + 1}`, points: [], alert: true }] });
    else if (kind === 'masks') onChange({ ...value, masks: [...value.masks, []] });
    else onChange({ ...value, privacy: [...value.privacy, []] });
    setSelected(index);
    setAnnounce(
      `${kindInfo.one} ${index + 1} added. Click on the picture to place its corners, or use Add point.`,
    );
  };

  const removeShape = (index: number) => {
    const name = shapeName(value, kind, index);
    if (kind === 'zones') onChange({ ...value, zones: value.zones.filter((_, i) => i !== index) });
    else if (kind === 'masks') onChange({ ...value, masks: value.masks.filter((_, i) => i !== index) });
    else onChange({ ...value, privacy: value.privacy.filter((_, i) => i !== index) });
    setSelected(null);
    setAnnounce(`${name} removed.`);
  };

  const addPoint = (index: number, p: Point) => {
    const points = pointsOf(value, kind, index);
    if (points.length >= MAX_POINTS) return;
    setPoints(index, insertPoint(points, p));
    setAnnounce(`Point added to ${shapeName(value, kind, index)} at ${pct(p[0])} across, ${pct(p[1])} down.`);
  };

  const onCanvasClick = (e: MouseEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('button')) return;
    const p = normalised(e.clientX, e.clientY);
    if (!p) return;
    if (sel === null) {
      // Clicking with nothing selected starts a new shape there.
      if (count >= MAX_SHAPES) return;
      const index = count;
      if (kind === 'zones')
        onChange({
          ...value,
          zones: [...value.zones, { name: `Zone ${index + 1}`, points: [p], alert: true }],
        });
      else if (kind === 'masks') onChange({ ...value, masks: [...value.masks, [p]] });
      else onChange({ ...value, privacy: [...value.privacy, [p]] });
      setSelected(index);
      setAnnounce(`${kindInfo.one} ${index + 1} started.`);
      return;
    }
    addPoint(sel, p);
  };

  const onHandleDown = (e: PointerEvent<HTMLButtonElement>, point: number) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    dragging.current = point;
  };
  const onHandleMove = (e: PointerEvent<HTMLButtonElement>, point: number) => {
    if (dragging.current !== point || sel === null) return;
    const p = normalised(e.clientX, e.clientY);
    if (!p) return;
    setPoints(
      sel,
      pointsOf(value, kind, sel).map((q, i) => (i === point ? p : q)),
    );
  };
  const onHandleUp = (e: PointerEvent<HTMLButtonElement>) => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    dragging.current = null;
  };
  const onHandleKey = (e: KeyboardEvent<HTMLButtonElement>, point: number) => {
    if (sel === null) return;
    const points = pointsOf(value, kind, sel);
    const step = e.shiftKey ? 0.05 : 0.01;
    const moves: Record<string, Point> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      setPoints(
        sel,
        points.map((q, i) => (i === point ? [round(q[0] + move[0]), round(q[1] + move[1])] : q)),
      );
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      setPoints(
        sel,
        points.filter((_, i) => i !== point),
      );
      setAnnounce(`Point ${point + 1} removed from ${shapeName(value, kind, sel)}.`);
      // Focus the neighbouring point, or the shape's Add point button when none is left.
      requestAnimationFrame(() => {
        const next = document.getElementById(`${id}-pt-${Math.max(0, point - 1)}`);
        (next ?? document.getElementById(`${id}-add-point`))?.focus();
      });
    }
  };

  const polygonsOf = (k: ShapeKind): { points: Polygon; index: number; alert?: boolean }[] =>
    k === 'zones'
      ? value.zones.map((z, index) => ({ points: z.points, index, alert: z.alert }))
      : (k === 'masks' ? value.masks : value.privacy).map((points, index) => ({ points, index }));

  const selectedPoints = sel === null ? [] : pointsOf(value, kind, sel);

  return (
    <fieldset className="fieldset zone-editor" aria-describedby={`${id}-how`}>
      <legend>Zones, masks and privacy zones</legend>
      <p id={`${id}-how`} className="hint">
        Choose what to draw, then click on the picture to place corners; drag a corner to move it. With a
        keyboard, tab to a corner and move it with the arrow keys (Shift for bigger steps); Delete removes it.
      </p>
      <div className="segmented" role="group" aria-label="What to draw">
        {KINDS.map((k) => (
          <button
            key={k.id}
            type="button"
            className="segment"
            aria-pressed={kind === k.id}
            onClick={() => {
              setKind(k.id);
              setSelected(countOf(value, k.id) ? 0 : null);
            }}
          >
            {k.label} ({countOf(value, k.id)})
          </button>
        ))}
      </div>
      <p className="hint">{kindInfo.hint}</p>

      <div
        ref={canvas}
        className="zone-canvas"
        style={{ aspectRatio: String(aspect) }}
        onClick={onCanvasClick}
        data-kind={kind}
      >
        {picture ? (
          <img
            src={picture}
            alt={pictureAlt}
            draggable={false}
            onLoad={(e) => {
              const img = e.currentTarget;
              if (img.naturalWidth && img.naturalHeight) setAspect(img.naturalWidth / img.naturalHeight);
            }}
          />
        ) : (
          <div className="live-placeholder">
            <span>No picture from the camera yet; you can still draw.</span>
          </div>
        )}
        <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {KINDS.map((k) =>
            polygonsOf(k.id).map(({ points, index, alert }) => {
              const active = k.id === kind && index === sel;
              const d = points.map(([x, y]) => `${x * 100},${y * 100}`).join(' ');
              const cls = `shape shape-${k.id}${active ? ' shape-active' : ''}${alert === false ? ' shape-quiet' : ''}`;
              return points.length >= 3 ? (
                <polygon key={`${k.id}-${index}`} className={cls} points={d} />
              ) : (
                <polyline key={`${k.id}-${index}`} className={cls} points={d} />
              );
            }),
          )}
        </svg>
        {KINDS.map((k) =>
          polygonsOf(k.id).map(({ points, index }) =>
            points.length ? (
              <span
                key={`label-${k.id}-${index}`}
                className={`shape-label shape-label-${k.id}`}
                aria-hidden="true"
                style={{
                  left: pct(points.reduce((s, p) => s + p[0], 0) / points.length),
                  top: pct(points.reduce((s, p) => s + p[1], 0) / points.length),
                }}
              >
                {shapeName(value, k.id, index)}
              </span>
            ) : null,
          ),
        )}
        {sel !== null &&
          selectedPoints.map(([x, y], i) => (
            <button
              key={i}
              id={`${id}-pt-${i}`}
              type="button"
              className="handle"
              style={{ left: pct(x), top: pct(y) }}
              aria-label={`Corner ${i + 1} of ${shapeName(value, kind, sel)}: ${pct(x)} across, ${pct(y)} down`}
              onPointerDown={(e) => onHandleDown(e, i)}
              onPointerMove={(e) => onHandleMove(e, i)}
              onPointerUp={onHandleUp}
              onPointerCancel={onHandleUp}
              onKeyDown={(e) => onHandleKey(e, i)}
            />
          ))}
      </div>
      <div className="actions">
        {onRefreshPicture && (
          <button type="button" className="button button-small" onClick={onRefreshPicture}>
            Take a new picture
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {announce}
      </p>

      {count === 0 ? (
        <p>
          No {kindInfo.label.toLowerCase()} yet.{' '}
          {kind === 'zones' && 'Motion anywhere in the picture counts, except under masks.'}
        </p>
      ) : (
        <ol className="shape-list">
          {Array.from({ length: count }, (_, i) => {
            const points = pointsOf(value, kind, i);
            const name = shapeName(value, kind, i);
            const zone = kind === 'zones' ? value.zones[i]! : null;
            return (
              <li key={i} className={i === sel ? 'shape-item shape-item-selected' : 'shape-item'}>
                <div className="shape-head">
                  <button
                    type="button"
                    className="button button-small"
                    aria-pressed={i === sel}
                    onClick={() => setSelected(i === sel ? null : i)}
                  >
                    {i === sel ? 'Editing' : 'Edit'}
                    <span className="visually-hidden"> {name}</span>
                  </button>
                  <span className="shape-title">
                    {name}
                    <span className="sub">
                      {points.length} {points.length === 1 ? 'corner' : 'corners'}
                      {points.length < 3 && ' (needs at least 3)'}
                    </span>
                  </span>
                </div>
                {zone && (
                  <div className="shape-fields">
                    <div className="field">
                      <label htmlFor={`${id}-name-${i}`}>Name of zone {i + 1}</label>
                      <input
                        id={`${id}-name-${i}`}
                        value={zone.name}
                        maxLength={40}
                        onChange={(e) =>
                          onChange({
                            ...value,
                            zones: value.zones.map((z, j) => (j === i ? { ...z, name: e.target.value } : z)),
                          })
                        }
                      />
                    </div>
                    <div className="check">
                      <input
                        type="checkbox"
                        id={`${id}-alert-${i}`}
                        checked={zone.alert}
                        onChange={(e) =>
                          onChange({
                            ...value,
                            zones: value.zones.map((z, j) =>
                              j === i ? { ...z, alert: e.target.checked } : z,
                            ),
                          })
                        }
                      />
                      <label htmlFor={`${id}-alert-${i}`}>
                        Alerts here<span className="visually-hidden"> ({name})</span>
                      </label>
                    </div>
                  </div>
                )}
                <div className="actions">
                  {i === sel && (
                    <button
                      type="button"
                      id={`${id}-add-point`}
                      className="button button-small"
                      disabled={points.length >= MAX_POINTS}
                      onClick={() => addPoint(i, nextPoint(points))}
                    >
                      Add point<span className="visually-hidden"> to {name}</span>
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    onClick={() => removeShape(i)}
                  >
                    Remove<span className="visually-hidden"> {name}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={addShape} disabled={count >= MAX_SHAPES}>
          Add {kindInfo.one.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}

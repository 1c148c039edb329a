import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Boundary } from '../lib/public-api.js';

/** A cell to draw: its boundary, its count and the words for its tooltip. */
export interface MapArea {
  cell: string;
  boundary: Boundary;
  value: number;
  label: string;
}

/**
 * Coarse cells drawn with Leaflet. By default over a plain background: no tiles, so a visitor's browser asks no
 * other server for anything. Tiles appear only when the operator configured a tile URL. The table next to the
 * map carries the same numbers for keyboard and screen-reader users.
 */
export default function CellMap({
  areas,
  tiles,
  label,
}: {
  areas: MapArea[];
  tiles: { url: string; attribution: string | null } | null;
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current || areas.length === 0) return;
    const map = L.map(el.current, {
      attributionControl: tiles !== null,
      scrollWheelZoom: false,
      zoomSnap: 0.25,
    });
    if (tiles)
      L.tileLayer(tiles.url, {
        attribution: tiles.attribution ?? '',
        maxZoom: 18,
      }).addTo(map);
    const max = Math.max(...areas.map((a) => a.value));
    const group = L.featureGroup();
    for (const a of areas) {
      // Darker for more: the count is also in the tooltip and the table, so colour is never the only cue.
      const strength = 0.25 + 0.55 * (a.value / max);
      L.polygon(a.boundary, {
        color: '#8a4700',
        weight: 1.5,
        fillColor: '#f2a93b',
        fillOpacity: strength,
      })
        .bindTooltip(a.label, { sticky: true })
        .addTo(group);
    }
    group.addTo(map);
    map.fitBounds(group.getBounds(), { padding: [16, 16] });
    return () => {
      map.remove();
    };
  }, [areas, tiles]);
  if (areas.length === 0) return null;
  return <div ref={el} className="public-map" role="region" aria-label={label} tabIndex={0} />;
}

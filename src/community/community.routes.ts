import { Type } from '@sinclair/typebox';
import type { App } from '../http/app.js';
import type { LinkedHubsService } from './linked-hubs.service.js';

/** Community routes: hub invitation codes (admin) and the public camera map (D7, P1). */
export function communityRoutes(hubs: LinkedHubsService) {
  return (app: App): void => {
    app.post(
      '/api/v1/community/hub-invitations',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['community'],
          summary: 'Issue a one-time code a household enters on its hub to link to this community',
          response: { 201: Type.Object({ code: Type.String(), expiresAt: Type.String() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await hubs.createInvitation(req.auth!.user.id)),
    );

    app.get(
      '/api/v1/public/camera-map',
      {
        config: { access: 'public' },
        schema: {
          tags: ['public'],
          summary: 'Camera counts per coarse H3 cell; cells with fewer than k cameras are left out',
          response: {
            200: Type.Object({
              k: Type.Integer(),
              suppressedCells: Type.Integer(),
              cells: Type.Array(
                Type.Object({ cell: Type.String(), cameras: Type.Integer(), accepting: Type.Integer() }),
              ),
            }),
          },
        },
      },
      () => hubs.cameraMap(),
    );
  };
}
